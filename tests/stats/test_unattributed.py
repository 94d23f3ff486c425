"""Region breakdowns add up to the total: records whose first patentee has no region at the
breakdown's level are one "Unattributed" row. Registry: tests/stats/registry.py with X1–X3
(``build(session, unattributed=True)``); every expected figure is worked out by hand below.

Valid domestic CN inventions at 2024-12-31 (NOW): the base registry's A B C H K L M N O P = 10
(test_indicators) plus X1 X2 X3 = 13. At 2023-12-31 (BEFORE): A E H I L M N O P = 9 plus X1 X2
X3 = 12. First patentees: H → 110000 (Beijing, a province code only), B → 150200 (Baotou), the
other base patents → 150100 (Hohhot, a city code only), X1 → none, X2 → 150000, X3 → 150102.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from ipcenter.cli import app
from ipcenter.core.db import get_engine, session_factory
from ipcenter.core.scoping import OrgScope
from ipcenter.core.settings import get_settings
from ipcenter.stats import (
    RegionFilter,
    RegionRow,
    compute_indicators,
    grants_table,
    parse_as_of,
    region_table,
)
from tests.stats.registry import NOW, build, copy_into_other_registry

EVERYTHING = OrgScope.everything()


def counts(rows: list[RegionRow]) -> dict[str | None, tuple[int, int]]:
    return {r.code: (r.valid_invention_patents, r.previous_valid_invention_patents) for r in rows}


def mainland_valid(session: Session) -> tuple[float | None, float | None]:
    entry = compute_indicators(session, as_of=NOW, scope=EVERYTHING).indicators[0]
    assert entry.id == "valid_invention_patents"
    return entry.value, entry.previous_value


def test_provinces_add_up_with_the_unattributed_row(session: Session) -> None:
    """Provinces at NOW: 110000 Beijing = 1 (H); 150000 Inner Mongolia = A B C K L M N O P X2 X3
    = 11; Unattributed = X1 (a CN owner without a region code) = 1; 1 + 11 + 1 = 13, the
    mainland total. BEFORE: Beijing 1; Inner Mongolia A E I L M N O P X2 X3 = 10;
    Unattributed 1; 1 + 10 + 1 = 12. The Unattributed row comes last, has no code, no
    per-10,000 figure and YoY (1 − 1) / 1 = 0; Inner Mongolia's ratio is 11 ÷ 2,388 (2024)."""
    build(session, unattributed=True)
    rows = region_table(session, as_of=NOW, scope=EVERYTHING, parent=None, lang="zh_CN")
    assert counts(rows) == {"110000": (1, 1), "150000": (11, 10), None: (1, 1)}
    assert mainland_valid(session) == (13, 12)
    assert sum(r.valid_invention_patents for r in rows) == 13
    last = rows[-1]
    assert (last.code, last.name, last.unattributed) == (None, "未归属地区", True)
    assert last.per_10k is None and last.yoy == 0 and last.has_children is False
    assert last.level == "province"
    inner_mongolia = next(r for r in rows if r.code == "150000")
    assert inner_mongolia.per_10k == pytest.approx(11 / 2388)
    assert not inner_mongolia.unattributed
    english = region_table(session, as_of=NOW, scope=EVERYTHING, parent=None, lang="en")
    assert english[-1].name == "Unattributed"


def test_cities_and_counties_add_up_to_their_parent(session: Session) -> None:
    """Cities of Inner Mongolia at NOW: 150100 Hohhot = A C K L M N O P X3 = 9, 150200 Baotou =
    B = 1, Unattributed = X2 (code 150000 names no city) = 1; 9 + 1 + 1 = 11, the province.
    BEFORE: Hohhot A E I L M N O P X3 = 9, Baotou 0 (B lapsed), Unattributed 1; = 10.
    Counties of Hohhot at NOW: 150102 = X3 = 1; Unattributed = A C K L M N O P = 8 (code 150100
    names no county); 1 + 8 = 9 = Hohhot's own total. BEFORE: 1 and A E I L M N O P = 8."""
    build(session, unattributed=True)
    cities = region_table(session, as_of=NOW, scope=EVERYTHING, parent="150000")
    assert counts(cities) == {"150100": (9, 9), "150200": (1, 0), None: (1, 1)}
    counties = region_table(session, as_of=NOW, scope=EVERYTHING, parent="150100")
    assert counts(counties) == {"150102": (1, 1), None: (8, 8)}
    assert [r.level for r in counties] == ["county", "county"]
    hohhot = compute_indicators(session, as_of=NOW, scope=EVERYTHING, region_code="150100")
    assert hohhot.indicators[0].value == 9


def test_no_row_when_every_record_has_a_region(session: Session) -> None:
    """The base registry alone: every domestic valid invention has a province, so the province
    table is Beijing 1 and Inner Mongolia 9 with no Unattributed row (test_indicators)."""
    build(session)
    rows = region_table(session, as_of=NOW, scope=EVERYTHING, parent=None)
    assert counts(rows) == {"110000": (1, 1), "150000": (9, 8)}


def test_indicator_breakdown_by_city_over_the_mainland(session: Session) -> None:
    """`compute_indicators(level="city")` lists every city: Hohhot 9, Baotou 1, Unattributed 3
    (H: 110000 names no city; X1; X2); 9 + 1 + 3 = 13. High-value in the Unattributed row: H
    only (its US family member H-US was granted 2020-01-01); X1 and X2 are filed 2019 (not
    maintained 10 years), with no SEI, family or award → 1."""
    build(session, unattributed=True)
    report = compute_indicators(session, as_of=NOW, scope=EVERYTHING, level="city")
    assert {r.code: r.valid_invention_patents for r in report.regions} == {
        "150100": 9,
        "150200": 1,
        None: 3,
    }
    unattributed = report.regions[-1]
    assert unattributed.unattributed and unattributed.high_value_invention_patents == 1
    assert unattributed.per_10k is None


def test_a_copy_with_a_region_wins_over_one_without(session: Session) -> None:
    """X1 (no region) copied into a second registry with owner region 150100: counted once
    (mainland 13) and in Inner Mongolia (11 + 1 = 12); no record is left unattributed, so the
    province table is Beijing 1 + Inner Mongolia 12 = 13 with no Unattributed row."""
    ids = build(session, unattributed=True)
    copy_into_other_registry(session, ids["X1"], filed="2019-01-01", granted="2021-01-01")
    rows = region_table(session, as_of=NOW, scope=EVERYTHING, parent=None)
    assert {r.code: r.valid_invention_patents for r in rows} == {"110000": 1, "150000": 12}
    assert mainland_valid(session)[0] == 13


def test_grants_table_names_the_unattributed_rows(session: Session) -> None:
    """2021-01-01 → 2021-03-31. Domestic CN grants: X1 (01-01), X2 (02-01), X3 (03-01); Q's
    grant of 01-01 is a US owner's. Applications (filing date): J utility model (01-01), K and
    L inventions (03-03), all Hohhot. No party has a type → applicant type and service unknown.
    By city: grants Hohhot 1 (X3) + Unattributed 2 (X1, X2) = 3, the total without a breakdown;
    applications Hohhot invention 2, utility model 1, nothing unattributed."""
    build(session, unattributed=True)
    start, end = parse_as_of("2021-01-01"), parse_as_of("2021-03-31")
    by_city = grants_table(
        session, start=start, end=end, scope=EVERYTHING, regions=RegionFilter(group_level="city")
    )
    assert [(g.measure, g.region, g.patent_type, g.count, g.unattributed) for g in by_city] == [
        ("applications", "150100", "invention", 2, False),
        ("applications", "150100", "utility_model", 1, False),
        ("grants", "150100", "invention", 1, False),
        ("grants", None, "invention", 2, True),
    ]
    total = grants_table(session, start=start, end=end, scope=EVERYTHING, regions=RegionFilter())
    assert [(g.region, g.count, g.unattributed) for g in total if g.measure == "grants"] == [
        ("", 3, False)
    ]


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[str]:
    monkeypatch.setenv("IPCENTER_DATABASE_URL", database_url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    with session_factory(get_engine())() as session:
        build(session, unattributed=True)
        session.commit()
    yield database_url
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_cli_lists_the_unattributed_row_and_units(store: str) -> None:
    """`stats indicators --level province` at NOW: Beijing 1, Inner Mongolia 11, Unattributed 1
    (as above), in the JSON as a row with code null. The human lines give the unit as a
    bulletin writes it: 13 valid invention patents, "13 件" in Chinese, "13 patents" in English;
    valid trademarks T1 T2 T3 = 3 (a year earlier T1 alone = 1, +200 %), "3 件" / "3
    registrations"; the mainland per-10,000 figure is null ("—") and carries no unit."""
    args = ["stats", "indicators", "--as-of", NOW.isoformat(), "--level", "province"]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    regions = json.loads(result.stdout)["regions"]
    assert [(r["code"], r["valid_invention_patents"], r["unattributed"]) for r in regions] == [
        ("110000", 1, False),
        ("150000", 11, False),
        (None, 1, True),
    ]
    chinese = CliRunner().invoke(app, [*args, "--lang", "zh"])
    assert chinese.exit_code == 0, chinese.output
    assert "(valid_invention_patents): 13 件" in chinese.stdout
    assert "  — 未归属地区: 1" in chinese.stdout
    assert "(valid_trademarks): 3 件 (+200.0%)  [上年同期: 1 件]" in chinese.stdout
    english = CliRunner().invoke(app, [*args, "--lang", "en"])
    assert "(valid_invention_patents): 13 patents" in english.stdout
    assert "(valid_invention_patents_per_10k): —" in english.stdout
    assert "(valid_trademarks): 3 registrations" in english.stdout
    assert "  — Unattributed: 1" in english.stdout


def test_cli_grants_speaks_the_bulletins_words(store: str) -> None:
    """The rows of test_grants_table_names_the_unattributed_rows, as `stats grants` prints them:
    measure, type, applicant type and service in words (zh: 申请量/授权量, 发明, 实用新型, 未知 as
    in messages.po), not ids; the region a code, the unattributed row named."""
    args = ["stats", "grants", "--from", "2021-01-01", "--to", "2021-03-31", "--level", "city"]
    chinese = CliRunner().invoke(app, [*args, "--lang", "zh"])
    assert chinese.exit_code == 0, chinese.output
    assert chinese.stdout.splitlines() == [
        "申请量\t150100\t发明\t未知\t未知\t2",
        "申请量\t150100\t实用新型\t未知\t未知\t1",
        "授权量\t150100\t发明\t未知\t未知\t1",
        "授权量\t未归属地区\t发明\t未知\t未知\t2",
    ]
    english = CliRunner().invoke(app, [*args, "--lang", "en"])
    assert english.stdout.splitlines()[-1] == "Grants\tUnattributed\tInvention\tUnknown\tUnknown\t2"


def test_counties_under_a_province_directly_have_a_named_city_row(session: Session) -> None:
    """GB/T 2260 groups the county-level cities a province governs directly (湖北 仙桃 429004,
    潜江 429005) under 429000 「省直辖县级行政区划」. Two valid inventions there (granted
    2020-06-01, filed 2018) give Hubei's city breakdown one named row of 2, and the drill-down
    into 429000 lists both counties."""
    from ipcenter.accounts import create_organisation
    from ipcenter.rights import add_patent
    from tests.stats.registry import owner, patent

    org = create_organisation(session, key="hb", name="湖北中心", kind="centre", actor="t").id
    for county in ("429004", "429005"):
        add_patent(session, patent("2018-03-01", "2020-06-01", [owner(county)]), org_id=org)
    cities = region_table(session, as_of=NOW, scope=EVERYTHING, parent="420000", lang="zh_CN")
    assert [(r.code, r.name, r.valid_invention_patents) for r in cities] == [
        ("429000", "省直辖县级行政区划", 2)
    ]
    counties = region_table(session, as_of=NOW, scope=EVERYTHING, parent="429000", lang="zh_CN")
    assert [(r.code, r.name) for r in counties] == [("429004", "仙桃市"), ("429005", "潜江市")]
