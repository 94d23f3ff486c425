"""All indicators for all provinces at one date: PostgreSQL, and the same SQL in DuckDB on Parquet.

Builds a registry of N patents (default 5,000,000) with legal events across every province in a
separate PostgreSQL database (``ipcenter_bench_stats``, dropped and re-created), generated inside
the server with ``generate_series`` so that building it takes minutes, not hours:

- 97 % CN, 3 % US (foreign family members of CN inventions); CN: 50 % inventions, 35 % utility
  models, 15 % designs, filed 2000-2025; 75 % of inventions granted 2-5 years after filing,
  utility models and designs after 1 year; one owner per patent in a real county (GB/T 2260) of a
  province chosen with weights, 2 % foreign and 1 % Hong Kong/Macao/Taiwan owners; one IPC symbol
  from a list that crosses the shipped SEI concordance; a title per patent;
- legal events: PB01 for inventions, GR01 at grant, CF01 (lapse) for 30 % of grants, RF01
  (restoration) for a tenth of those, IW01 (invalidation) for 0.5 %, PE01 (pledge) for 2 %;
- N/5 trademarks and 20,000 geographical indications.

Then it times every indicator query, grouped by province, at the snapshot date and a year earlier
(what ``ipcenter stats indicators`` and the region table run), exports the tables to Parquet
(PostgreSQL COPY → CSV → DuckDB) and runs the very same SQL text (compiled for PostgreSQL with its
values inline) in DuckDB over views of the Parquet files. Prints both times and their ratio.

    .venv/bin/python benchmarks/indicators.py [--size N | --small] [--keep] [--reuse]

``--small`` is 20,000 patents (a smoke run of a few seconds); ``--reuse`` runs on the benchmark
database left by an earlier ``--keep`` run instead of building it again. Needs the ``bench`` extra
(duckdb) and a PostgreSQL server at ``IPCENTER_BENCH_PG`` (default
postgresql+psycopg://postgres@127.0.0.1:5432/ipcenter_bench_stats).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, Select, text
from sqlalchemy.engine import make_url

from ipcenter.core.db import make_engine, transaction
from ipcenter.core.migrate import upgrade
from ipcenter.core.refdata import load_table
from ipcenter.core.scoping import OrgScope
from ipcenter.stats import RegionFilter, compile_sql, patent_flags_query
from ipcenter.stats.indicators import gi_query, pledge_query, trademark_query
from ipcenter.stats.snapshot import tune_for_statistics

URL = os.environ.get(
    "IPCENTER_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/ipcenter_bench_stats"
)
AS_OF = dt.date(2025, 12, 31)
TABLES = (
    "patents",
    "patent_parties",
    "patent_classifications",
    "patent_texts",
    "legal_events",
    "trademarks",
    "geographical_indications",
    "stats_awarded_patents",
    "stats_sei_rules",
)
# What the indicator SQL reads: the derived facts, not the registry's parties and status events.
FACT_TABLES = (
    "stats_patent_facts",
    "stats_patent_in_force",
    "legal_events",
    "trademarks",
    "geographical_indications",
    "stats_awarded_patents",
)
SYMBOLS = (
    "H04L 9/32", "H04W 4/80", "G06F 16/00", "G06N 3/08", "H01L 21/02", "B25J 9/16", "C22C 38/00",
    "C12N 1/20", "A61K 35/74", "A23C 9/12", "A23C 9/13", "A23L 33/135", "B60L 53/00",
    "H01M 10/05", "H02S 40/00", "C02F 1/00", "G06T 7/00", "A01K 5/02", "A01J 5/00", "A23K 10/00",
    "B65D 81/00", "F16K 1/00", "E04B 1/00", "A47J 31/00", "G01N 33/04", "B01D 53/00",
    "A23C 19/00", "C05F 3/00", "F24S 10/00", "B29C 45/00",
)  # fmt: skip


def _admin(url: str) -> str:
    parsed = make_url(url)
    host, port = parsed.host or "127.0.0.1", parsed.port or 5432
    return f"host={host} port={port} user={parsed.username or 'postgres'} dbname=postgres"


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def existing_size(url: str) -> int | None:
    try:
        with psycopg.connect(_libpq(url)) as conn:
            row = conn.execute("SELECT count(*) FROM patents").fetchone()
            return int(row[0]) if row else None
    except psycopg.Error:
        return None


def recreate(url: str) -> None:
    name = make_url(url).database
    with psycopg.connect(_admin(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    upgrade(url)


def county_codes() -> list[tuple[str, int]]:
    """Real county codes of every mainland province, with a weight per province (roughly the
    share of valid invention patents: coastal provinces heavier)."""
    heavy = {"44": 12, "32": 11, "11": 10, "33": 9, "31": 7, "37": 6, "34": 4, "42": 4, "51": 4}
    rows = load_table("regions/cn_admin_divisions.csv").rows
    counties = [r["code"] for r in rows if r["level"] == "county" and r["code"][:2] < "70"]
    return [(code, heavy.get(code[:2], 1)) for code in counties]


def build(engine: Engine, size: int) -> None:
    codes = county_codes()
    with transaction(engine) as session:
        session.execute(
            text(
                "INSERT INTO organisations (id, key, name, kind, is_demo) "
                "VALUES (1, 'bench', '基准中心', 'centre', false)"
            )
        )
    with engine.begin() as conn:
        conn.execute(text("CREATE TEMP TABLE regions_w (n int, code text)"))
        expanded = [(code, w) for code, w in codes for _ in range(w)]
        conn.execute(
            text("INSERT INTO regions_w VALUES (:n, :code)"),
            [{"n": i, "code": code} for i, (code, _) in enumerate(expanded)],
        )
        regions = len(expanded)
        conn.execute(text("CREATE TEMP TABLE symbols (n int, symbol text)"))
        conn.execute(
            text("INSERT INTO symbols VALUES (:n, :symbol)"),
            [{"n": i, "symbol": s} for i, s in enumerate(SYMBOLS)],
        )
        us = size * 3 // 100
        cn = size - us
        steps = [
            f"""
            INSERT INTO patents (id, org_id, jurisdiction, patent_type, application_number,
                filing_date, grant_date, family_id, is_demo, extra)
            SELECT g, 1, 'CN', t.patent_type,
                   extract(year FROM f.filed)::int::text
                     || CASE t.patent_type WHEN 'invention' THEN '1' WHEN 'utility_model' THEN '2'
                        ELSE '3' END || lpad(g::text, 7, '0') || '.0',
                   f.filed,
                   CASE WHEN t.patent_type = 'invention' AND hashint(g, 7) % 100 < 75
                          THEN f.filed + (730 + hashint(g, 8) % 1100)
                        WHEN t.patent_type <> 'invention' THEN f.filed + 365 END,
                   CASE WHEN t.patent_type = 'invention' AND hashint(g, 9) % 100 < 6
                          THEN 'F' || g END,
                   false,
                   CASE WHEN hashint(g, 10) % 100 < 5
                          THEN '{{"strategic_emerging_industry": "新一代信息技术产业"}}'::json
                        ELSE '{{}}'::json END
            FROM generate_series(1, {cn}) AS g
            CROSS JOIN LATERAL (SELECT CASE WHEN hashint(g, 1) % 100 < 50 THEN 'invention'
                 WHEN hashint(g, 1) % 100 < 85 THEN 'utility_model' ELSE 'design' END
                 AS patent_type) t
            CROSS JOIN LATERAL (SELECT date '2000-01-01' + hashint(g, 2) % 9490 AS filed) f
            """,
            # US members of the families of 6 % of CN inventions (every second one granted).
            f"""
            INSERT INTO patents (id, org_id, jurisdiction, patent_type, application_number,
                filing_date, grant_date, family_id, is_demo, extra)
            SELECT {cn} + row_number() OVER (ORDER BY id), 1, 'US', 'invention',
                   lpad(({cn} + row_number() OVER (ORDER BY id))::text, 8, '0'),
                   filing_date + 300,
                   CASE WHEN id % 2 = 0 THEN filing_date + 1200 END,
                   family_id, false, '{{}}'::json
            FROM patents WHERE family_id IS NOT NULL LIMIT {us}
            """,
            f"""
            INSERT INTO patent_parties (patent_id, role, seq, name, name_normalised, country,
                region_code, party_type)
            SELECT p.id, 'owner', 0, '权利人' || p.id, '权利人' || p.id,
                   CASE WHEN p.jurisdiction = 'US' OR hashint(p.id, 3) % 100 < 2 THEN 'US'
                        WHEN hashint(p.id, 3) % 100 < 3 THEN 'HK' ELSE 'CN' END,
                   CASE WHEN p.jurisdiction = 'US' OR hashint(p.id, 3) % 100 < 2 THEN NULL
                        WHEN hashint(p.id, 3) % 100 < 3 THEN '810000' ELSE r.code END,
                   (ARRAY['enterprise','enterprise','enterprise','enterprise','university',
                          'research_institute','public_body','individual','individual'])
                     [1 + hashint(p.id, 4) % 9]
            FROM patents p JOIN regions_w r ON r.n = hashint(p.id, 5) % {regions}
            """,
            f"""
            INSERT INTO patent_classifications (patent_id, scheme, symbol, seq)
            SELECT p.id, 'ipc', s.symbol, 0
            FROM patents p JOIN symbols s ON s.n = hashint(p.id, 6) % {len(SYMBOLS)}
            """,
            """
            INSERT INTO patent_texts (patent_id, kind, lang, seq, text)
            SELECT id, 'title', 'zh', 0,
                   CASE WHEN id % 3 = 0 THEN '一种乳酸菌发酵乳及其制备方法'
                        ELSE '一种装置及其控制方法' END
            FROM patents
            """,
            """
            INSERT INTO legal_events (patent_id, event_date, code)
            SELECT id, filing_date + 540, 'PB01' FROM patents
            WHERE jurisdiction = 'CN' AND patent_type = 'invention'
            UNION ALL
            SELECT id, grant_date, 'GR01' FROM patents
            WHERE jurisdiction = 'CN' AND grant_date IS NOT NULL
            UNION ALL
            SELECT id, grant_date + 365 + hashint(id, 11) % 3000, 'CF01' FROM patents
            WHERE jurisdiction = 'CN' AND grant_date IS NOT NULL AND hashint(id, 12) % 100 < 30
            UNION ALL
            SELECT id, grant_date + 365 + hashint(id, 11) % 3000 + 200, 'RF01' FROM patents
            WHERE jurisdiction = 'CN' AND grant_date IS NOT NULL AND hashint(id, 12) % 100 < 3
            UNION ALL
            SELECT id, grant_date + 400, 'IW01' FROM patents
            WHERE jurisdiction = 'CN' AND grant_date IS NOT NULL AND hashint(id, 13) % 1000 < 5
            UNION ALL
            SELECT id, grant_date + hashint(id, 14) % 2000, 'PE01' FROM patents
            WHERE jurisdiction = 'CN' AND grant_date IS NOT NULL AND hashint(id, 15) % 100 < 2
            """,
            f"""
            INSERT INTO trademarks (org_id, jurisdiction, mark_text, kind, registrant_name,
                registrant_name_normalised, registrant_country, registrant_region_code,
                registration_number, registration_date, expiry_date, status, is_demo, extra)
            SELECT 1, 'CN', '商标' || g, 'ordinary', '注册人' || g, '注册人' || g,
                   CASE WHEN hashint(g, 21) % 100 < 4 THEN 'US' ELSE 'CN' END,
                   CASE WHEN hashint(g, 21) % 100 < 4 THEN NULL ELSE r.code END,
                   'R' || g, d.registered, d.registered + 3652,
                   CASE WHEN hashint(g, 22) % 100 < 3 THEN 'invalidated' ELSE 'in_force' END,
                   false, '{{}}'::json
            FROM generate_series(1, {max(size // 5, 1)}) AS g
            CROSS JOIN LATERAL (SELECT date '2005-01-01' + hashint(g, 23) % 7600 AS registered) d
            JOIN regions_w r ON r.n = hashint(g, 24) % {regions}
            """,
            f"""
            INSERT INTO geographical_indications (org_id, product_name, regime, region_code,
                approval_date, authorised_users, is_demo, extra)
            SELECT 1, '地理标志' || g, CASE WHEN g % 3 = 0 THEN 'gi_product' ELSE 'gi_mark' END,
                   r.code, date '2005-01-01' + hashint(g, 31) % 7600, '[]'::json, false,
                   '{{}}'::json
            FROM generate_series(1, 20000) AS g
            JOIN regions_w r ON r.n = hashint(g, 32) % {regions}
            """,
        ]
        conn.execute(
            text(
                # A cheap deterministic hash of (row, salt) → 0..2^31: reproducible data.
                "CREATE OR REPLACE FUNCTION hashint(g bigint, salt int) RETURNS int "
                "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
                "$$ SELECT ((hashtextextended(g::text, salt) & 2147483647))::int $$"
            )
        )
        # Bulk load without secondary indexes, then build them once (much faster than keeping
        # nine indexes of the patents table up to date row by row).
        indexes = conn.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                "AND tablename = ANY(:tables) AND indexname NOT LIKE 'pk_%' "
                "AND indexname NOT LIKE 'uq_%'"
            ),
            {"tables": list(TABLES)},
        ).all()
        for name, _definition in indexes:
            conn.execute(text(f'DROP INDEX IF EXISTS "{name}"'))
        for step in steps:
            started = time.perf_counter()
            conn.execute(text(step))
            print(f"  built {step.split()[2]:<26} {time.perf_counter() - started:6.1f} s")
        started = time.perf_counter()
        for _name, definition in indexes:
            conn.execute(text(definition))
        print(f"  built {len(indexes)} indexes             {time.perf_counter() - started:6.1f} s")
        conn.execute(text("SELECT setval('patents_id_seq', (SELECT max(id) FROM patents))"))
    with psycopg.connect(_libpq(URL), autocommit=True) as raw:
        raw.execute("VACUUM ANALYZE")


def queries(session: Any, day: dt.date) -> dict[str, Select[Any]]:
    """Every indicator query for all provinces at ``day`` and a year earlier."""
    everything = OrgScope.everything()
    provinces = RegionFilter(group_level="province")
    before = dt.date(day.year - 1, day.month, day.day)
    out: dict[str, Select[Any]] = {}
    for label, when in (("now", day), ("year_before", before)):
        out[f"patents_{label}"] = patent_flags_query(session, when, everything, provinces)
        out[f"trademarks_{label}"] = trademark_query(when, everything, provinces)
        out[f"gis_{label}"] = gi_query(when, everything, provinces)
        out[f"pledges_{label}"] = pledge_query(
            dt.date(when.year, 1, 1), when, everything, provinces
        )
    return out


def duck_types(name: str) -> dict[str, str]:
    """DuckDB column types of a registry table, from the models (CSV has no types)."""
    from sqlalchemy import JSON, Boolean, Date, DateTime, Integer

    from ipcenter.stats.snapshot import table

    types: dict[str, str] = {}
    for column in table(name).columns:
        kind = column.type
        if isinstance(kind, Boolean):
            types[column.name] = "BOOLEAN"
        elif isinstance(kind, Integer):
            types[column.name] = "BIGINT"
        elif isinstance(kind, DateTime):
            types[column.name] = "TIMESTAMPTZ"
        elif isinstance(kind, Date):
            types[column.name] = "DATE"
        elif isinstance(kind, JSON):
            types[column.name] = "VARCHAR"
        else:
            types[column.name] = "VARCHAR"
    return types


def load() -> str:
    """The 1-minute load average (other jobs share this machine; timings move with it)."""
    return f"load avg {os.getloadavg()[0]:.1f}"


def ensure_fact_tables(engine: Engine) -> None:
    """A database kept by an older run was migrated before the fact tables existed in 0005."""
    from ipcenter.stats.facts import facts_table, intervals_table
    from ipcenter.stats.snapshot import table

    fact_tables = [facts_table(), intervals_table(), table("stats_fact_refresh")]
    fact_tables[0].metadata.create_all(engine, tables=fact_tables, checkfirst=True)
    with engine.begin() as conn:
        conn.execute(
            text("CREATE INDEX IF NOT EXISTS ix_stats_patents_updated_at ON patents (updated_at)")
        )


def export_parquet(folder: Path) -> None:
    import duckdb

    con = duckdb.connect()
    with psycopg.connect(_libpq(URL)) as conn:
        for name in FACT_TABLES:
            csv_path = folder / f"{name}.csv"
            with (
                csv_path.open("wb") as out,
                conn.cursor().copy(f"COPY {name} TO STDOUT WITH (FORMAT csv, HEADER)") as copy,  # type: ignore[arg-type]
            ):
                for chunk in copy:
                    out.write(chunk)
            columns = ", ".join(f"'{c}': '{t}'" for c, t in duck_types(name).items())
            con.execute(
                f"COPY (SELECT * FROM read_csv('{csv_path}', header=true, "
                f"columns={{{columns}}})) TO '{folder / (name + '.parquet')}' (FORMAT parquet)"
            )
            csv_path.unlink()
    con.close()


def duckdb_run(folder: Path, sql: dict[str, str]) -> tuple[float, dict[str, list[Any]]]:
    import duckdb

    con = duckdb.connect()
    for name in FACT_TABLES:
        path = folder / f"{name}.parquet"
        if name in ("trademarks", "geographical_indications"):
            con.execute(
                f"CREATE VIEW {name} AS SELECT * REPLACE (CAST(extra AS JSON) AS extra) "
                f"FROM read_parquet('{path}')"
            )
        else:
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    results: dict[str, list[Any]] = {}
    started = time.perf_counter()
    for label, statement in sql.items():
        results[label] = sorted(con.execute(statement).fetchall())
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5_000_000, help="number of patents")
    parser.add_argument("--small", action="store_true", help="20,000 patents (smoke run)")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the database an earlier --keep run left"
    )
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    args = parser.parse_args()
    size = 20_000 if args.small else args.size

    print(f"indicators benchmark: {size:,} patents, snapshot {AS_OF}, database {URL}")
    if not (args.reuse and existing_size(URL)):
        started = time.perf_counter()
        recreate(URL)
        engine = make_engine(URL)
        build(engine, size)
        engine.dispose()
        print(f"built in {time.perf_counter() - started:.1f} s")
    engine = make_engine(URL)
    ensure_fact_tables(engine)
    with engine.connect() as conn:
        counts = {
            name: conn.execute(text(f"SELECT count(*) FROM {name}")).scalar_one()
            for name in ("patents", "legal_events", "trademarks")
        }
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    from sqlalchemy.orm import Session

    from ipcenter.stats import ensure_fresh, refresh_facts

    # 1. The refresh (after a registry change; not part of the indicator time).
    with transaction(engine) as session:
        print(f"refresh of the snapshot facts: starting ({load()})")
        refreshed = refresh_facts(session)
    print(
        f"refresh of the snapshot facts: {refreshed.seconds:.1f} s "
        f"({refreshed.patents:,} patents, {refreshed.intervals:,} in-force intervals; {load()})"
    )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for name in ("stats_patent_facts", "stats_patent_in_force"):
            conn.execute(text(f"VACUUM ANALYZE {name}"))
    # 2. The change check every indicator request makes (facts are fresh: no rebuild).
    with Session(engine) as session:
        started = time.perf_counter()
        assert ensure_fresh(session) is None
        check = time.perf_counter() - started
    print(f"registry change check (watermark, no rebuild): {check:.2f} s ({load()})")

    # 3. The indicators: all of them, all provinces, at the snapshot date and a year earlier.
    with Session(engine) as session:
        tune_for_statistics(session)
        statements = queries(session, AS_OF)
        sql = {label: compile_sql(statement) for label, statement in statements.items()}
        pg_results: dict[str, list[Any]] = {}
        timings: dict[str, tuple[float, str]] = {}
        total_started = time.perf_counter()
        for label, statement in statements.items():
            started = time.perf_counter()
            pg_results[label] = sorted(tuple(row) for row in session.execute(statement))
            timings[label] = (time.perf_counter() - started, load())
        pg_total = time.perf_counter() - total_started
    engine.dispose()
    for label, (seconds, at) in timings.items():
        print(f"  PostgreSQL {label:<24} {seconds:7.2f} s  ({at})")
    one_date = sum(t for label, (t, _) in timings.items() if label.endswith("_now"))
    print(
        f"PostgreSQL indicator time, all indicators for all provinces, one date: {one_date:.2f} s; "
        f"both dates (with year on year): {pg_total:.2f} s ({load()})"
    )
    print(
        f"  (the goal is the indicator time at one date; the refresh, {refreshed.seconds:.1f} s, "
        "runs once per registry change, not per query)"
    )

    with tempfile.TemporaryDirectory(prefix="ipcenter-bench-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        export_parquet(folder)
        print(f"Parquet export of the fact tables: {time.perf_counter() - started:.1f} s")
        duck_total, duck_results = duckdb_run(folder, sql)
        duck_total = min(duck_total, duckdb_run(folder, sql)[0])  # second run: files cached
    agree = all(
        [tuple(r) for r in duck_results[k]] == [tuple(r) for r in pg_results[k]] for k in sql
    )
    print(
        f"DuckDB over Parquet, same SQL, both dates: {duck_total:.2f} s "
        f"(results agree: {agree}; {load()})"
    )
    print(f"ratio PostgreSQL / DuckDB (both dates): {pg_total / duck_total:.2f}")
    print(f"goal ≤ 10 s on PostgreSQL at one date: {'met' if one_date <= 10 else 'NOT met'}")
    if not args.keep:
        name = make_url(URL).database
        with psycopg.connect(_admin(URL), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
