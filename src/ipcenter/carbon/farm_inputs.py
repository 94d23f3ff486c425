"""Land and purchases: soil N2O, urea and lime CO2, purchased feed, energy and freight."""

from __future__ import annotations

from ipcenter.carbon.herd import ManureN
from ipcenter.carbon.inputs import FarmInput
from ipcenter.carbon.ledger import Ledger
from ipcenter.carbon.manure import N2O_PER_N2O_N
from ipcenter.carbon.tables import (
    Looked,
    constant,
    feed_factor,
    fuel,
    grid_factor,
    grid_ids,
    province,
    province_of,
    transport_factor,
)
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_

CO2_PER_C = 44 / 12


def soils(farm: FarmInput, zone: str, manure_n: ManureN, ledger: Ledger) -> None:
    """IPCC 2019 Ch. 11: direct and indirect N2O of N on the farm's land; urea and lime CO2."""
    wet = "moist" in zone or "wet" in zone
    ef1_synthetic = constant("ef1_synthetic_wet" if wet else "ef1_dry")
    ef1_other = constant("ef1_other_wet" if wet else "ef1_dry")
    ef3_prp = constant("ef3_prp_wet" if wet else "ef3_prp_dry")
    ef4 = constant("ef4_wet" if wet else "ef4_dry")
    ef5 = constant("ef5")
    leach = constant("frac_leach")
    leach_fraction = leach.value if wet else 0.0
    gasm = constant("frac_gasm")
    s = ledger.step
    soil = farm.soils

    urea_n = min(soil.synthetic_n_kg, soil.urea_kg * constant("urea_n_fraction").value)
    other_synthetic = soil.synthetic_n_kg - urea_n
    kept = 1 - farm.sales.manure_exported_share
    own_manure = s(
        "manure_n_applied",
        manure_n.to_land * kept,
        "kg N/year",
        "N excreted in housing less losses, less the share exported",
        inputs=("sales.manure_exported_share",),
    )
    organic = own_manure + soil.organic_n_kg

    direct = (soil.synthetic_n_kg * ef1_synthetic.value + organic * ef1_other.value) * N2O_PER_N2O_N
    s(
        "soils_n2o_direct",
        direct,
        "kg N2O/year",
        "IPCC 2019 Eq. 11.1 (F_SN, F_ON)",
        rows=(ef1_synthetic, ef1_other),
        inputs=("soils.synthetic_n_kg", "soils.organic_n_kg"),
    )
    ledger.emit(
        "soils_n2o",
        "n2o",
        soil.synthetic_n_kg * ef1_synthetic.value * N2O_PER_N2O_N,
        "ef1_synthetic_wet" if wet else "ef1_dry",
    )
    ledger.emit(
        "soils_n2o",
        "n2o",
        organic * ef1_other.value * N2O_PER_N2O_N,
        "ef1_other_wet" if wet else "ef1_dry",
    )
    prp = manure_n.to_pasture * ef3_prp.value * N2O_PER_N2O_N
    s("soils_n2o_pasture", prp, "kg N2O/year", "IPCC 2019 Eq. 11.1 (F_PRP)", rows=(ef3_prp,))
    ledger.emit("soils_n2o", "n2o", prp)

    volatilised = (
        urea_n * constant("frac_gasf_urea").value
        + other_synthetic * constant("frac_gasf").value
        + (organic + manure_n.to_pasture) * gasm.value
    )
    indirect_g = volatilised * ef4.value * N2O_PER_N2O_N
    s(
        "soils_n2o_volatilisation",
        indirect_g,
        "kg N2O/year",
        "IPCC 2019 Eq. 11.9",
        rows=(constant("frac_gasf"), constant("frac_gasf_urea"), gasm, ef4),
    )
    ledger.emit("soils_n2o", "n2o", indirect_g, "ef4_wet" if wet else "ef4_dry")
    leached = (soil.synthetic_n_kg + organic + manure_n.to_pasture) * leach_fraction
    indirect_l = leached * ef5.value * N2O_PER_N2O_N
    s(
        "soils_n2o_leaching",
        indirect_l,
        "kg N2O/year",
        "IPCC 2019 Eq. 11.10 (wet climates)",
        rows=(leach, ef5),
    )
    ledger.emit("soils_n2o", "n2o", indirect_l, "ef5")

    co2 = 0.0
    for name, mass, fraction in (
        ("urea", soil.urea_kg, constant("urea_c_fraction")),
        ("limestone", soil.limestone_kg, constant("limestone_c_fraction")),
        ("dolomite", soil.dolomite_kg, constant("dolomite_c_fraction")),
    ):
        if mass:
            co2 += s(
                f"soils_co2[{name}]",
                mass * fraction.value * CO2_PER_C,
                "kg CO2/year",
                "IPCC 2019 Eq. 11.12/11.13",
                rows=(fraction,),
                inputs=(f"soils.{name}_kg",),
            )
    ledger.emit("soils_co2", "co2", co2)


def purchases(farm: FarmInput, ledger: Ledger) -> None:
    """Purchased feed and freight (Scope 3) from sourced factors or the farm's own."""
    s = ledger.step
    for index, item in enumerate(farm.feeds):
        where = f"feeds[{index}]"
        if item.kg_co2e_per_kg is not None:
            ledger.flag("own_feed_factor", where, item.factor_source)
            value = s(
                f"feed[{item.name or index}]",
                item.tonnes * 1000 * item.kg_co2e_per_kg,
                "kg CO2e/year",
                "tonnes · 1000 · own factor",
                inputs=(f"{where}.kg_co2e_per_kg",),
            )
        else:
            looked = feed_factor(item.feed_id or "", f"{where}.feed_id")
            value = s(
                f"feed[{item.feed_id}]",
                item.tonnes * 1000 * looked.value,
                "kg CO2e/year",
                "tonnes · 1000 · factor",
                rows=(looked,),
                inputs=(f"{where}.tonnes",),
            )
        ledger.emit("feed", "co2e", value)
    for index, leg in enumerate(farm.transport):
        looked = transport_factor(leg.mode, f"transport[{index}].mode")
        value = s(
            f"transport[{leg.mode}]",
            leg.tkm * looked.value,
            "kg CO2e/year",
            "t·km · factor",
            rows=(looked,),
            inputs=(f"transport[{index}].tkm",),
        )
        ledger.emit("transport", "co2e", value)


def energy(farm: FarmInput, ledger: Ledger) -> None:
    """Fuel burnt on the farm (Scope 1, CO2) and grid electricity (Scope 2)."""
    s = ledger.step
    fuels = farm.energy
    for name, kg in (
        ("diesel", fuels.diesel_kg),
        ("petrol", fuels.petrol_kg),
        ("lpg", fuels.lpg_kg),
        ("coal", fuels.coal_kg),
    ):
        if kg:
            ncv, ef = fuel(name)
            value = s(
                f"fuel_co2[{name}]",
                kg / 1e6 * ncv.value * ef.value,
                "kg CO2/year",
                "IPCC 2006 Vol.2 Eq. 2.1: fuel (Gg) · NCV · EF",
                rows=(ncv, ef),
                inputs=(f"energy.{name}_kg",),
            )
            ledger.emit("energy", "co2", value)
    if fuels.electricity_kwh:
        factor, grid, year = _grid(farm, ledger)
        value = s(
            "electricity_co2",
            fuels.electricity_kwh * factor.value,
            "kg CO2/year",
            f"kWh · grid factor ({grid}, {year})",
            rows=(factor,),
            inputs=("energy.electricity_kwh", "energy.grid", "energy.grid_year"),
        )
        ledger.emit("electricity", "co2", value)


def _grid(farm: FarmInput, ledger: Ledger) -> tuple[Looked, str, int]:
    """The grid factor that applies: the one named, else the province's, its region's, national."""
    year = farm.energy.grid_year or farm.year
    candidates: list[str] = []
    if farm.energy.grid is not None:
        if farm.energy.grid not in grid_ids():
            raise ValidationError(
                field="energy.grid",
                reason=N_("must be one of {allowed}"),
                value=farm.energy.grid,
                allowed=", ".join(grid_ids()),
            )
        candidates.append(farm.energy.grid)
    else:
        code = farm.location.province_code
        row = province(code) if code else None
        if code:
            candidates.append(province_of(code))
        if row is not None:
            candidates.append(row["grid_region"])
        candidates.append("national")
        ledger.flag("grid_chosen_from_location", "energy.grid", "")
    for grid in candidates:
        found = grid_factor(grid, year)
        if found is not None:
            looked, chosen_year = found
            if chosen_year != year:
                ledger.flag("grid_factor_of_other_year", "energy.grid_year", str(chosen_year))
            return looked, grid, chosen_year
    raise ValidationError(field="energy.grid", reason=N_("has no emission factor"))
