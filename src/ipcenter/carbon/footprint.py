"""The farm footprint: run every source, weight the gases, allocate to milk, report per kg FPCM."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ipcenter.carbon import farm_inputs, herd, milk
from ipcenter.carbon.inputs import FarmInput
from ipcenter.carbon.ledger import GASES, SCOPE_OF_SOURCE, Ledger, Term
from ipcenter.carbon.results import SOURCES, FootprintResult, GasTotals, GwpSet
from ipcenter.carbon.scenarios import apply_scenario
from ipcenter.carbon.tables import gwp as gwp_table
from ipcenter.carbon.tables import province
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_


@dataclass(frozen=True)
class Evaluation:
    """A result with the terms behind it (the Monte Carlo rescales these)."""

    result: FootprintResult
    terms: tuple[Term, ...]
    weights: dict[str, float]
    milk_share_per_fpcm: float


def climate_zone(farm: FarmInput, ledger: Ledger) -> str:
    """The IPCC climate zone given, else the one of the farm's province."""
    if farm.location.climate_zone is not None:
        return farm.location.climate_zone
    code = farm.location.province_code
    row = province(code) if code else None
    if row is None:
        raise ValidationError(
            field="location.climate_zone",
            reason=N_("give the IPCC climate zone or a province code with a known climate zone"),
        )
    ledger.flag("climate_zone_from_province", "location.climate_zone", row["climate_zone"])
    return row["climate_zone"]


def gwp_set(name: str) -> GwpSet:
    values = gwp_table(name)
    return GwpSet(
        name=name,
        ch4_biogenic=values["ch4_biogenic"].value,
        ch4_fossil=values["ch4_fossil"].value,
        n2o=values["n2o"].value,
        source=values["n2o"].source,
    )


def gas_weights(gwp: GwpSet) -> dict[str, float]:
    return {
        "ch4_biogenic": gwp.ch4_biogenic,
        "ch4_fossil": gwp.ch4_fossil,
        "n2o": gwp.n2o,
        "co2": 1.0,
        "co2e": 1.0,
    }


def functional_unit(farm: FarmInput, ledger: Ledger) -> tuple[float, float]:
    """FPCM sold (kg) and the IDF allocation factor to milk."""
    sales = farm.sales
    if farm.fpcm_method == "idf":
        fpcm = milk.fpcm_idf(sales.milk_sold_kg, sales.milk_fat_percent, sales.milk_protein_percent)
        equation = "IDF 2022: milk · (0.1226 fat% + 0.0776 protein% + 0.2534)"
    else:
        fpcm = milk.fpcm_energy_ratio(
            sales.milk_sold_kg,
            sales.milk_fat_percent,
            sales.milk_protein_percent,
            sales.milk_lactose_percent,
        )
        equation = "energy ratio: milk · E / E(4.0 %, 3.3 %, 4.8 %)"
    ledger.step("fpcm", fpcm, "kg", equation, inputs=("sales.milk_sold_kg",))
    meat = sales.live_weight_sold_kg - sales.live_weight_bought_kg
    if meat < 0:
        ledger.flag("net_live_weight_bought", "sales.live_weight_bought_kg")
    factor = milk.allocation_milk(meat, fpcm)
    ledger.step(
        "allocation_milk",
        factor,
        "fraction",
        "IDF 2022: 1 − 6.04 · (live weight sold − bought) / FPCM",
        inputs=("sales.live_weight_sold_kg", "sales.live_weight_bought_kg"),
    )
    return fpcm, factor


def evaluate(farm: FarmInput, *, gwp: str = "AR6", scenario: str | None = None) -> Evaluation:
    """Compute the footprint of ``farm`` (optionally under a scenario) with its terms."""
    gwp_values = gwp_set(gwp)
    if scenario is not None:
        farm = apply_scenario(farm, scenario)
    ledger = Ledger()
    zone = climate_zone(farm, ledger)
    manure_n = herd.animals(farm, zone, ledger)
    farm_inputs.soils(farm, zone, manure_n, ledger)
    farm_inputs.purchases(farm, ledger)
    farm_inputs.energy(farm, ledger)
    fpcm, allocation = functional_unit(farm, ledger)
    if fpcm <= 0:
        raise ValidationError(field="sales.milk_sold_kg", reason=N_("must be greater than 0"))

    weights = gas_weights(gwp_values)
    by_source = dict.fromkeys(SOURCES, 0.0)
    by_gas = dict.fromkeys(GASES, 0.0)
    masses = dict.fromkeys(GASES, 0.0)
    for term in ledger.terms:
        co2e = term.kg * weights[term.gas]
        by_source[term.source] += co2e
        by_gas[term.gas] += co2e
        masses[term.gas] += term.kg
    by_scope = {"scope1": 0.0, "scope2": 0.0, "scope3": 0.0}
    for source, value in by_source.items():
        by_scope[SCOPE_OF_SOURCE[source]] += value
    total = sum(by_source.values())
    cows = sum(c.head for c in farm.cohorts if c.kind in herd.DAIRY_COWS)
    milk_share = total * allocation
    result = FootprintResult(
        farm_name=farm.farm_name,
        year=farm.year,
        scenario=scenario,
        fpcm_method=farm.fpcm_method,
        fpcm_kg=fpcm,
        milk_sold_kg=farm.sales.milk_sold_kg,
        allocation_milk=allocation,
        total_kg_co2e=total,
        milk_kg_co2e=milk_share,
        kg_co2e_per_kg_fpcm=milk_share / fpcm,
        kg_co2e_per_kg_milk=milk_share / farm.sales.milk_sold_kg,
        per_cow_kg_co2e=total / cows if cows else 0.0,
        cows=cows,
        by_source=by_source,
        by_gas=by_gas,
        by_scope=by_scope,
        gases=GasTotals(
            ch4_biogenic_kg=masses["ch4_biogenic"],
            ch4_fossil_kg=masses["ch4_fossil"],
            n2o_kg=masses["n2o"],
            co2_kg=masses["co2"],
        ),
        gwp=gwp_values,
        quality_flags=tuple(ledger.flags),
        trace=tuple(ledger.trace),
    )
    return Evaluation(
        result=result,
        terms=tuple(ledger.terms),
        weights=weights,
        milk_share_per_fpcm=allocation / fpcm,
    )


def footprint(farm: FarmInput, *, gwp: str = "AR6", scenario: str | None = None) -> FootprintResult:
    """The carbon footprint of one farm year (IPCC 2019 Tier 2, IDF 2022 functional unit)."""
    return evaluate(farm, gwp=gwp, scenario=scenario).result


def sources_of(results: Sequence[FootprintResult]) -> tuple[str, ...]:
    """The sources that are non-zero in any of ``results`` (for compact tables)."""
    return tuple(s for s in SOURCES if any(r.by_source[s] for r in results))
