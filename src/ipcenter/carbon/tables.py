"""Typed access to the carbon reference tables under ``data/carbon/`` (each row cites its source).

Every lookup returns the value together with a row id (``mcf.csv:lagoon/cool_temperate_dry``) so
the trace of a result can name the exact table row it used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.core.refdata import RefTable, Row, load_table


@dataclass(frozen=True)
class Looked:
    """A value read from a table, with the id of its row and the row's source."""

    value: float
    row: str
    source: str


def _table(name: str) -> RefTable:
    return load_table(f"carbon/{name}")


def _looked(table: str, key: str, row: Row, column: str) -> Looked:
    return Looked(float(row[column]), f"{table}:{key}", row["source"])


@cache
def constant(name: str) -> Looked:
    """A single default value of ``constants.csv``."""
    rows = _table("constants.csv").where(name=name)
    if not rows:
        raise KeyError(name)
    return _looked("constants.csv", name, rows[0], "value")


@cache
def cohort_coefficients(kind: str) -> tuple[Looked, Looked]:
    """Cfi (NEm) and C (NEg) for a cohort kind."""
    row = _table("cfi.csv").where(kind=kind)[0]
    return _looked("cfi.csv", kind, row, "cfi"), _looked("cfi.csv", kind, row, "growth_c")


@cache
def activity_coefficient(feeding: str) -> Looked:
    row = _table("activity.csv").where(feeding=feeding)[0]
    return _looked("activity.csv", feeding, row, "ca")


def ym_for_yield(milk_kg_year: float) -> tuple[str, Looked]:
    """The Table 10.12 productivity class of a dairy cow and its Ym (percent of GE)."""
    for row in _table("ym.csv").rows:
        low = float(row["min_milk_kg_year"] or "-inf")
        high = float(row["max_milk_kg_year"] or "inf")
        if low <= milk_kg_year < high:
            return row["class"], _looked("ym.csv", row["class"], row, "ym_percent")
    raise KeyError(milk_kg_year)  # the classes cover the whole real line


@cache
def tier1_enteric(region: str, system: str) -> tuple[Looked, Looked | None, Looked | None]:
    """Tier 1 EF (kg CH4/head/yr) and, where tabled, the VS and Nex rates per 1000 kg BW."""
    rows = _table("enteric_tier1.csv").where(region=region, system=system)
    if not rows:
        rows = _table("enteric_tier1.csv").where(region=region, system="all")
        system = "all"
    row = rows[0]
    key = f"{region}/{system}"
    vs = (
        _looked("enteric_tier1.csv", key, row, "vs_kg_per_1000kg_day")
        if row["vs_kg_per_1000kg_day"]
        else None
    )
    nex = (
        _looked("enteric_tier1.csv", key, row, "nex_kg_n_per_1000kg_day")
        if row["nex_kg_n_per_1000kg_day"]
        else None
    )
    return _looked("enteric_tier1.csv", key, row, "ef_kg_ch4"), vs, nex


def mcf_rows() -> tuple[Row, ...]:
    """Every cell of the MCF table (for checks and documentation)."""
    return _table("mcf.csv").rows


def storage_dependent(system: str) -> bool:
    """Whether the MCF of ``system`` depends on the storage period (liquids, pits, bedding)."""
    return any(row["min_storage_months"] for row in _table("mcf.csv").where(system=system))


def mcf(system: str, zone: str, storage_months: float | None, field: str) -> Looked:
    """MCF (fraction, not percent) of a system in a climate zone, or a field-named error.

    Without a storage period the longest-storage row applies (the caller flags that).
    """
    rows = _table("mcf.csv").where(system=system, climate_zone=zone)
    if not rows:
        raise ValidationError(
            field=field,
            reason=N_("no sourced MCF value for manure system {system} in climate zone {zone}"),
            system=system,
            zone=zone,
        )

    def bounds(row: Row) -> tuple[float, float]:
        return float(row["min_storage_months"] or 0), float(row["max_storage_months"] or "inf")

    if storage_months is None:
        row = max(rows, key=lambda r: bounds(r)[0])
    else:
        fitting = [r for r in rows if bounds(r)[0] <= storage_months < bounds(r)[1]]
        if not fitting:
            raise ValidationError(
                field=field,
                reason=N_("no sourced MCF value for {system} stored less than {months} months"),
                system=system,
                months=min(bounds(r)[0] for r in rows),
            )
        row = fitting[0]
    low, high = bounds(row)
    key = f"{system}/{zone}"
    if row["min_storage_months"]:
        key += f"/storage>={low:g}mo" if high == float("inf") else f"/storage{low:g}-{high:g}mo"
    looked = _looked("mcf.csv", key, row, "mcf_percent")
    return Looked(looked.value / 100, looked.row, looked.source)


@dataclass(frozen=True)
class ManureN:
    ef3: Looked
    frac_gas: Looked
    frac_leach: Looked
    counts_as: str


@cache
def manure_n(system: str) -> ManureN:
    row = _table("manure_n.csv").where(system=system)[0]
    return ManureN(
        _looked("manure_n.csv", system, row, "ef3"),
        _looked("manure_n.csv", system, row, "frac_gas"),
        _looked("manure_n.csv", system, row, "frac_leach"),
        row["counts_as"],
    )


def gwp_sets() -> tuple[str, ...]:
    return tuple(dict.fromkeys(row["set"] for row in _table("gwp.csv").rows))


def gwp(name: str) -> dict[str, Looked]:
    rows = _table("gwp.csv").where(set=name)
    if not rows:
        raise ValidationError(
            field="gwp",
            reason=N_("must be one of {allowed}"),
            value=name,
            allowed=", ".join(gwp_sets()),
        )
    return {row["gas"]: _looked("gwp.csv", f"{name}/{row['gas']}", row, "gwp100") for row in rows}


@cache
def fuel(name: str) -> tuple[Looked, Looked]:
    """NCV (TJ/Gg) and CO2 EF (kg/TJ) of a fuel."""
    row = _table("fuels.csv").where(fuel=name)[0]
    return (
        _looked("fuels.csv", name, row, "ncv_tj_per_gg"),
        _looked("fuels.csv", name, row, "kg_co2_per_tj"),
    )


@cache
def province_of(code: str) -> str:
    """The GB/T 2260 province code a division code belongs to (its first two digits)."""
    return code[:2] + "0000"


def province(code: str) -> Row | None:
    """The ``provinces.csv`` row of the province that ``code`` belongs to."""
    rows = _table("provinces.csv").where(province_code=province_of(code))
    return rows[0] if rows else None


def grid_factor(grid: str, year: int) -> tuple[Looked, int] | None:
    """The factor of ``grid`` for ``year``, else its latest earlier year, else its earliest year."""
    rows = _table("grid_factors.csv").where(grid=grid)
    if not rows:
        return None
    by_year = {int(row["year"]): row for row in rows}
    earlier = [y for y in by_year if y <= year]
    chosen = max(earlier) if earlier else min(by_year)
    row = by_year[chosen]
    return _looked("grid_factors.csv", f"{grid}/{chosen}", row, "kg_co2_per_kwh"), chosen


def grid_ids() -> tuple[str, ...]:
    return tuple(dict.fromkeys(row["grid"] for row in _table("grid_factors.csv").rows))


def feed_factor(feed_id: str, field: str) -> Looked:
    rows = _table("feed_factors.csv").where(feed_id=feed_id)
    if not rows:
        allowed = ", ".join(row["feed_id"] for row in _table("feed_factors.csv").rows)
        raise ValidationError(
            field=field, reason=N_("must be one of {allowed}"), value=feed_id, allowed=allowed
        )
    return _looked("feed_factors.csv", feed_id, rows[0], "kg_co2e_per_kg")


def transport_factor(mode: str, field: str) -> Looked:
    rows = _table("transport_factors.csv").where(mode=mode)
    if not rows:
        allowed = ", ".join(row["mode"] for row in _table("transport_factors.csv").rows)
        raise ValidationError(
            field=field, reason=N_("must be one of {allowed}"), value=mode, allowed=allowed
        )
    return _looked("transport_factors.csv", mode, rows[0], "kg_co2e_per_tkm")


@cache
def uncertainty_ranges() -> dict[str, tuple[float, float, str]]:
    """Parameter → (low multiplier, high multiplier, source) for the Monte Carlo."""
    return {
        row["parameter"]: (float(row["low"]), float(row["high"]), row["source"])
        for row in _table("uncertainty.csv").rows
    }
