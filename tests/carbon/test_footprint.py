"""The whole farm: Case A totals by source, gas and scope; grid, GWP, allocation and trace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ipcenter.carbon import (
    QUALITY_FLAGS,
    SCENARIOS,
    SOURCES,
    compare_scenarios,
    footprint,
    parse_farm,
    read_farm_json,
)
from ipcenter.core.errors import ValidationError
from tests.carbon.farms import CASE_A, case_a, case_a_cohort

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "ipcenter" / "data" / "carbon" / "examples"

# Hand values (notes section 3.2 and the cited tables):
ENTERIC_KG = 14_463  # 100 × 144.63 kg CH4
MANURE_CH4_KG = 8_777  # 100 × 87.77 kg CH4 (B0 0.24, MCF 0.26)
DIESEL_CO2 = 3_186.3  # 1 t × 43.0 TJ/Gg × 74,100 kg/TJ / 1000 (IPCC 2006 Vol.2 Tables 1.2/1.4)
ELECTRICITY_CO2 = 34_245  # 50,000 kWh × 0.6849 (Inner Mongolia 2022)
FPCM = 942_612 * (0.1226 * 3.5 + 0.0776 * 3.2 + 0.2534)  # 877,402 kg
ALLOCATION = 1 - 6.04 * 12_000 / FPCM  # 0.91739


def test_case_a_sources_and_gases() -> None:
    result = footprint(parse_farm(CASE_A), gwp="AR6")
    assert result.gases.ch4_biogenic_kg == pytest.approx(ENTERIC_KG + MANURE_CH4_KG, rel=2e-4)
    assert result.by_source["enteric_ch4"] == pytest.approx(ENTERIC_KG * 27.9, rel=2e-4)
    assert result.by_source["manure_ch4"] == pytest.approx(MANURE_CH4_KG * 27.9, rel=2e-4)
    assert result.by_source["energy"] == pytest.approx(DIESEL_CO2, rel=1e-9)
    assert result.by_source["electricity"] == pytest.approx(ELECTRICITY_CO2, rel=1e-9)
    assert set(result.by_source) == set(SOURCES)
    assert result.by_scope["scope2"] == pytest.approx(ELECTRICITY_CO2, rel=1e-9)
    assert sum(result.by_scope.values()) == pytest.approx(result.total_kg_co2e)
    assert sum(result.by_gas.values()) == pytest.approx(result.total_kg_co2e)
    assert result.by_gas["n2o"] == pytest.approx(result.gases.n2o_kg * 273)


def test_case_a_functional_unit_and_intensities() -> None:
    result = footprint(parse_farm(CASE_A))
    assert result.fpcm_kg == pytest.approx(FPCM, rel=1e-12)
    assert result.allocation_milk == pytest.approx(ALLOCATION, rel=1e-12)
    assert result.kg_co2e_per_kg_fpcm == pytest.approx(
        result.total_kg_co2e * ALLOCATION / FPCM, rel=1e-12
    )
    assert result.kg_co2e_per_kg_milk == pytest.approx(
        result.total_kg_co2e * ALLOCATION / 942_612, rel=1e-12
    )
    assert result.per_cow_kg_co2e == pytest.approx(result.total_kg_co2e / 100)


def test_energy_ratio_fpcm_is_an_option() -> None:
    result = footprint(parse_farm(case_a(fpcm_method="energy_ratio")))
    energy = 0.0929 * 3.5 + 0.0547 * 3.2 + 0.0395 * 4.8
    standard = 0.0929 * 4.0 + 0.0547 * 3.3 + 0.0395 * 4.8
    assert result.fpcm_kg == pytest.approx(942_612 * energy / standard, rel=1e-12)
    assert result.fpcm_method == "energy_ratio"


@pytest.mark.parametrize(
    ("name", "ch4", "n2o"),
    [("AR4", 25, 298), ("AR5", 28, 265), ("AR5-feedback", 34, 298), ("AR6", 27.9, 273)],
)
def test_gwp_sets_are_applied_and_recorded(name: str, ch4: float, n2o: float) -> None:
    result = footprint(parse_farm(CASE_A), gwp=name)
    assert result.gwp.name == name
    assert result.gwp.ch4_biogenic == ch4
    assert result.gwp.n2o == n2o
    assert result.by_gas["ch4_biogenic"] == pytest.approx(result.gases.ch4_biogenic_kg * ch4)


def test_ar6_split_uses_biogenic_methane() -> None:
    result = footprint(parse_farm(CASE_A), gwp="AR6-split")
    assert (result.gwp.ch4_biogenic, result.gwp.ch4_fossil, result.gwp.n2o) == (27.0, 29.8, 273)
    assert result.by_gas["ch4_biogenic"] == pytest.approx(result.gases.ch4_biogenic_kg * 27.0)


def test_unknown_gwp_set_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        footprint(parse_farm(CASE_A), gwp="AR7")
    assert caught.value.params["field"] == "gwp"


@pytest.mark.parametrize(
    ("energy", "location", "factor", "flag"),
    [
        ({"grid": "national"}, {}, 0.5366, None),
        ({"grid": "national", "grid_year": 2021}, {}, 0.5568, None),
        ({"grid": "north_china"}, {}, 0.6776, None),
        ({}, {"province_code": "150000"}, 0.6849, "grid_chosen_from_location"),
        ({}, {"province_code": "110000"}, 0.6776, "grid_chosen_from_location"),  # region
        ({}, {"province_code": "440000", "climate_zone": "warm_temperate_moist"}, 0.3869, None),
        ({"grid": "national", "grid_year": 2030}, {}, 0.5366, "grid_factor_of_other_year"),
    ],
)
def test_grid_factor_by_province_region_and_year(
    energy: dict[str, object], location: dict[str, object], factor: float, flag: str | None
) -> None:
    data = case_a(
        energy={"electricity_kwh": 1000, **energy},
        location={"climate_zone": "cool_temperate_dry", **location},
    )
    result = footprint(parse_farm(data))
    assert result.by_source["electricity"] == pytest.approx(1000 * factor, rel=1e-12)
    if flag:
        assert flag in {f.code for f in result.quality_flags}


def test_climate_zone_from_the_province() -> None:
    data = case_a(location={"province_code": "150000"})
    result = footprint(parse_farm(data))
    flags = {f.code: f.detail for f in result.quality_flags}
    assert flags["climate_zone_from_province"] == "cool_temperate_dry"
    assert result.by_source["manure_ch4"] == pytest.approx(MANURE_CH4_KG * 27.9, rel=2e-4)
    with pytest.raises(ValidationError) as caught:
        footprint(parse_farm(case_a(location={})))
    assert caught.value.params["field"] == "location.climate_zone"


def test_every_number_is_traced_to_its_equation_and_rows() -> None:
    result = footprint(parse_farm(CASE_A))
    steps = {step.quantity: step for step in result.trace}
    assert steps["ne_m"].value == pytest.approx(46.795, abs=0.0005)
    assert steps["ne_m"].equation == "IPCC 2019 Eq. 10.3"
    assert steps["ne_m"].rows == ("cfi.csv:lactating",)
    assert (
        "mcf.csv:liquid_slurry/cool_temperate_dry/storage>=1mo"
        in steps["manure_ch4[liquid_slurry]"].rows
    )
    assert steps["electricity_co2"].rows == ("grid_factors.csv:150000/2022",)
    assert steps["allocation_milk"].value == pytest.approx(ALLOCATION)


def test_soils_inputs_by_hand() -> None:
    # Dry zone: EF1 0.005 for every N input; urea 1,000 kg → 1000 · 0.20 · 44/12 = 733.3 kg CO2;
    # limestone 2,000 kg → 2000 · 0.12 · 44/12 = 880 kg CO2.
    base = footprint(parse_farm(CASE_A))
    data = case_a(soils={"urea_kg": 1000, "limestone_kg": 2000})
    result = footprint(parse_farm(data))
    assert result.by_source["soils_co2"] == pytest.approx(733.33 + 880, abs=0.01)
    with_n = footprint(parse_farm(case_a(soils={"synthetic_n_kg": 1000})))
    # direct 1000 · 0.005 · 44/28 + volatilised 1000 · 0.11 · 0.005 · 44/28 (no leaching: dry)
    expected = (1000 * 0.005 + 1000 * 0.11 * 0.005) * 44 / 28 * 273
    assert with_n.by_source["soils_n2o"] - base.by_source["soils_n2o"] == pytest.approx(
        expected, rel=1e-9
    )


def test_purchased_feed_and_transport() -> None:
    data = case_a(
        feeds=[
            {"feed_id": "concentrate_generic", "tonnes": 100},
            {"name": "silage", "tonnes": 10, "kg_co2e_per_kg": 0.1, "factor_source": "supplier"},
        ],
        transport=[{"mode": "road_hgv", "tkm": 10000}],
    )
    result = footprint(parse_farm(data))
    assert result.by_source["feed"] == pytest.approx(100_000 * 0.577 + 10_000 * 0.1)
    assert result.by_source["transport"] == pytest.approx(10_000 * 0.107)
    assert result.by_scope["scope3"] == pytest.approx(57_700 + 1_000 + 1_070)
    assert "own_feed_factor" in {f.code for f in result.quality_flags}


def test_tier1_fallback_for_cows_without_a_ration() -> None:
    data = case_a_cohort(de_percent=None, ym_percent=None)
    result = footprint(parse_farm(data))
    assert result.gases.ch4_biogenic_kg > 100 * 78  # Asia Tier 1 78 kg/head plus manure CH4
    steps = [s for s in result.trace if s.quantity == "enteric_ef"]
    assert steps[0].value == 78
    assert "tier1_enteric" in {f.code for f in result.quality_flags}


def test_scenarios_as_differences_from_the_baseline() -> None:
    comparison = compare_scenarios(parse_farm(CASE_A))
    assert tuple(d.name for d in comparison.scenarios) == SCENARIOS
    by_name = {d.name: d for d in comparison.scenarios}
    base = comparison.baseline
    # 3-NOP at the trial mean dose, NDF not given: −32.7 % enteric CH4
    assert by_name["3nop"].result.by_source["enteric_ch4"] == pytest.approx(
        base.by_source["enteric_ch4"] * (1 - 0.327), rel=1e-9
    )
    # Digester: slurry MCF 26 % → low-leakage digester 1 %
    assert by_name["digester"].result.by_source["manure_ch4"] == pytest.approx(
        base.by_source["manure_ch4"] / 26, rel=1e-9
    )
    assert by_name["digester"].delta_total_kg_co2e < 0
    # Yield +10 %: more milk from the same herd lowers the intensity
    assert by_name["yield"].result.fpcm_kg == pytest.approx(base.fpcm_kg * 1.10)
    assert by_name["yield"].delta_kg_co2e_per_kg_fpcm < 0
    # Diet: higher digestibility lowers GE and enteric CH4
    assert by_name["diet"].delta_by_source["enteric_ch4"] < 0
    cover = by_name["slurry_cover"]
    assert cover.delta_by_source["manure_ch4"] == 0
    assert cover.delta_total_kg_co2e == pytest.approx(sum(cover.delta_by_source.values()), rel=1e-9)


def test_unknown_scenario_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        footprint(parse_farm(CASE_A), scenario="magic")
    assert caught.value.params["field"] == "scenario"


def test_the_example_farm_runs() -> None:
    farm = read_farm_json(EXAMPLES / "inner_mongolia_housed.json")
    result = footprint(farm)
    assert result.total_kg_co2e > 0
    assert result.by_source["enteric_ch4"] > result.by_source["manure_ch4"]


def test_missing_values_take_the_cited_defaults_and_are_flagged() -> None:
    data = case_a_cohort()
    del data["cohorts"][0]["cp_percent"]
    del data["cohorts"][0]["fat_percent"]
    result = footprint(parse_farm(data))
    flagged = {f.field: f.detail for f in result.quality_flags if f.code == "default_value_used"}
    assert "constants.csv:default_cp_percent" in flagged["cohorts[0].cp_percent"]
    assert "cohorts[0].fat_percent" in flagged
    steps = {s.quantity: s for s in result.trace}
    # Annex 10A.1 Asia HPS: CP 16.5 %, milk fat 4.1 %
    assert steps["n_intake"].value == pytest.approx(steps["ge"].value / 18.45 * 0.165 / 6.25)
    assert steps["ne_l"].value == pytest.approx(25.825 * (1.47 + 0.40 * 4.1))


def test_case_a_manure_and_soil_n2o_by_hand() -> None:
    # Nex = (0.47071 − 0.12953) kg N/day × 365 = 124.53 kg N/head/yr; 100 cows → 12,453 kg N.
    # Uncovered slurry (Tables 10.21/10.22): EF3 0, FracGas 0.48; dry zone EF4 0.005.
    n_excreted = (0.47071 - 0.12953) * 365 * 100
    manure_n2o = n_excreted * 0.48 * 0.005 * 44 / 28
    # Land receives 12,453 × (1 − 0.48) kg N: EF1 (dry) 0.005 direct, FracGASM 0.21 × EF4 0.005.
    to_land = n_excreted * (1 - 0.48)
    soils_n2o = (to_land * 0.005 + to_land * 0.21 * 0.005) * 44 / 28
    result = footprint(parse_farm(CASE_A))
    assert result.by_source["manure_n2o"] == pytest.approx(manure_n2o * 273, rel=1e-4)
    assert result.by_source["soils_n2o"] == pytest.approx(soils_n2o * 273, rel=1e-4)


def test_exported_manure_is_a_residual() -> None:
    sales = {**CASE_A["sales"], "manure_exported_share": 1.0}
    result = footprint(parse_farm(case_a(sales=sales)))
    base = footprint(parse_farm(CASE_A))
    assert result.by_source["manure_ch4"] == base.by_source["manure_ch4"]  # stored on the farm
    assert result.by_source["soils_n2o"] == 0  # spread elsewhere: not this farm's burden


def test_every_flag_the_calculation_raises_is_listed() -> None:
    package = Path(__file__).resolve().parents[2] / "src" / "ipcenter" / "carbon"
    raised = {
        code
        for path in package.glob("*.py")
        for code in re.findall(r'\.flag\(\s*"([a-z0-9_]+)"', path.read_text(encoding="utf-8"))
    }
    assert raised
    assert raised <= set(QUALITY_FLAGS)


def test_a_county_code_stands_for_its_province() -> None:
    # 150102 (Xincheng district, Hohhot) lies in Inner Mongolia: its zone and grid factor apply.
    data = case_a(location={"province_code": "150102"}, energy={"electricity_kwh": 1000})
    result = footprint(parse_farm(data))
    assert result.by_source["electricity"] == pytest.approx(684.9, rel=1e-12)
    flags = {f.code: f.detail for f in result.quality_flags}
    assert flags["climate_zone_from_province"] == "cool_temperate_dry"
