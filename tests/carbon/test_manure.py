"""Manure CH4 and N: every MCF cell, Case A volatile solids and storage CH4, N excretion."""

from __future__ import annotations

import pytest

from ipcenter.carbon.manure import (
    manure_ch4_ef_g_per_kg_vs,
    manure_ch4_kg_year,
    n_excretion_kg_year,
    n_intake,
    n_retention,
    volatile_solids,
)
from ipcenter.carbon.tables import mcf, mcf_rows
from ipcenter.core.errors import ValidationError

B0_DAIRY = 0.24  # IPCC 2019 Table 10.16, dairy cattle, high productivity
CELLS = [
    (
        row["system"],
        row["climate_zone"],
        float(row["mcf_percent"]),
        float(row["min_storage_months"]) if row["min_storage_months"] else None,
    )
    for row in mcf_rows()
]


@pytest.mark.parametrize(
    ("system", "zone", "mcf_percent", "months"),
    CELLS,
    ids=[f"{s}-{z}-{m}" for s, z, _, m in CELLS],
)
def test_every_mcf_cell_gives_b0_times_067_times_mcf(
    system: str, zone: str, mcf_percent: float, months: float | None
) -> None:
    factor = mcf(system, zone, months, "x").value
    assert factor == pytest.approx(mcf_percent / 100)
    expected = B0_DAIRY * 0.67 * mcf_percent / 100 * 1000
    assert manure_ch4_ef_g_per_kg_vs(B0_DAIRY, factor) == pytest.approx(expected, abs=0.1)
    # The yearly path gives the same: 1 kg VS/day for one year, in g per kg VS.
    per_kg = manure_ch4_kg_year(1.0, B0_DAIRY, factor, 1.0) * 1000 / 365
    assert per_kg == pytest.approx(expected, abs=0.1)


def test_mcf_table_covers_each_system_in_the_four_temperate_zones() -> None:
    systems = {s for s, _, _, _ in CELLS}
    for system in systems:
        zones = {z for s, z, _, _ in CELLS if s == system}
        assert zones == {
            "cool_temperate_moist",
            "cool_temperate_dry",
            "warm_temperate_moist",
            "warm_temperate_dry",
        }


@pytest.mark.parametrize(
    ("system", "zone", "g_per_kg_vs"),
    [("lagoon", "cool_temperate_dry", 107.7), ("liquid_slurry", "cool_temperate_dry", 41.8)],
)
def test_cells_match_the_ipcc_table_10_14_emission_factors(
    system: str, zone: str, g_per_kg_vs: float
) -> None:
    # Notes section 1.5: Table 10.14 gives 107.7 (lagoon) and 41.8 g CH4/kg VS (slurry) for dairy
    # HPS in the cool-temperate dry zone.
    assert manure_ch4_ef_g_per_kg_vs(B0_DAIRY, mcf(system, zone, None, "x").value) == pytest.approx(
        g_per_kg_vs, abs=0.1
    )


@pytest.mark.parametrize(
    ("system", "months", "percent"),
    [
        ("pit_storage", 0.5, 8),  # less than a month: 8 % in the cool-temperate dry zone
        ("pit_storage", 6, 26),
        ("pit_storage", None, 26),  # not given: the longer storage (flagged by the footprint)
        ("deep_bedding", 0.5, 2.75),
        ("deep_bedding", 3, 26),
    ],
)
def test_storage_period_chooses_the_row(system: str, months: float | None, percent: float) -> None:
    assert mcf(system, "cool_temperate_dry", months, "x").value == pytest.approx(percent / 100)


def test_no_value_for_unsourced_zone_or_short_storage() -> None:
    with pytest.raises(ValidationError) as error:
        mcf("lagoon", "tropical_wet", None, "cohorts[0].manure[0].system")
    assert error.value.params["field"] == "cohorts[0].manure[0].system"
    with pytest.raises(ValidationError):
        mcf("liquid_slurry", "cool_temperate_dry", 0.5, "cohorts[0].storage_months")


def test_case_a_volatile_solids_and_storage_ch4() -> None:
    # Notes section 3.2 hand calculation: GE 339.24 MJ/day, DE 70 %, UE 0.04, ash 0.08.
    vs = volatile_solids(339.2429, 70, 0.04, 0.08)
    assert vs == pytest.approx(5.7515, abs=0.0001)
    assert manure_ch4_kg_year(vs, 0.24, 0.17, 1.0) == pytest.approx(57.39, abs=0.01)
    assert manure_ch4_kg_year(vs, 0.24, 0.26, 1.0) == pytest.approx(87.77, abs=0.01)


def test_n_excretion_by_hand() -> None:
    # GE 339.24 MJ/day at 16 % CP: 339.24 / 18.45 · 0.16 / 6.25 = 0.47071 kg N/day in;
    # 25.825 kg milk at 3.2 % protein: 25.825 · 0.032 / 6.38 = 0.12953 kg N/day retained.
    intake = n_intake(339.24, 16)
    retained = n_retention(25.825, 3.2, 0.0, 0.0)
    assert intake == pytest.approx(0.47071, abs=1e-5)
    assert retained == pytest.approx(0.12953, abs=1e-5)
    assert n_excretion_kg_year(intake, retained) == pytest.approx(
        (0.47071 - 0.12953) * 365, abs=0.01
    )


def test_growth_retention_by_hand() -> None:
    # Eq. 10.33 gain term: 0.8 kg/day, NEg 15 MJ/day → 0.8 · (268 − 7.03 · 15 / 0.8) / 1000 / 6.25
    assert n_retention(0.0, 3.3, 0.8, 15.0) == pytest.approx(
        0.8 * (268 - 7.03 * 15 / 0.8) / 1000 / 6.25, rel=1e-12
    )
    assert n_retention(0.0, 3.3, 0.8, 15.0) == pytest.approx(0.01743, abs=1e-5)
