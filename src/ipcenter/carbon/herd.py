"""The animals: enteric CH4, manure CH4 and manure N for each cohort of a farm."""

from __future__ import annotations

from dataclasses import dataclass

from ipcenter.carbon import enteric, manure
from ipcenter.carbon.inputs import Cohort, FarmInput
from ipcenter.carbon.ledger import Ledger
from ipcenter.carbon.tables import (
    Looked,
    activity_coefficient,
    cohort_coefficients,
    constant,
    manure_n,
    mcf,
    storage_dependent,
    tier1_enteric,
    ym_for_yield,
)
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_

DAYS = 365
DAIRY_COWS = ("lactating", "dry")


@dataclass(frozen=True)
class ManureN:
    """Nitrogen of the herd by where it goes (kg N/year), for the soils step."""

    to_pasture: float
    to_land: float


def herd_milk_per_cow(farm: FarmInput) -> float:
    """Annual milk per dairy cow (lactating + dry), the basis of the Table 10.12 Ym class."""
    cows = sum(c.head for c in farm.cohorts if c.kind in DAIRY_COWS)
    milk = sum(c.head * c.milk_kg_day * DAYS for c in farm.cohorts if c.kind == "lactating")
    return milk / cows if cows else 0.0


def mature_weight(farm: FarmInput, cohort: Cohort) -> float:
    if cohort.mature_weight_kg is not None:
        return cohort.mature_weight_kg
    cows = [c for c in farm.cohorts if c.kind == "lactating" and c.head > 0]
    return sum(c.head * c.body_weight_kg for c in cows) / sum(c.head for c in cows)


def _given_or_default(
    value: float | None, name: str, field: str, ledger: Ledger
) -> tuple[float, Looked | None]:
    """A cohort value as given, else the cited default (flagged)."""
    if value is not None:
        return value, None
    looked = constant(name)
    ledger.flag("default_value_used", field, f"{looked.value} ({looked.row})")
    return looked.value, looked


def _ym(farm: FarmInput, cohort: Cohort, where: str, ledger: Ledger) -> tuple[float, Looked | None]:
    if cohort.ym_percent is not None:
        return cohort.ym_percent, None
    if cohort.kind in DAIRY_COWS:
        klass, looked = ym_for_yield(herd_milk_per_cow(farm))
        ledger.flag("ym_from_productivity_class", f"{where}.ym_percent", klass)
        return looked.value, looked
    looked = constant("ym_non_dairy")
    ledger.flag("ym_default_non_dairy", f"{where}.ym_percent")
    return looked.value, looked


def animals(farm: FarmInput, zone: str, ledger: Ledger) -> ManureN:
    """Add the herd's enteric CH4, manure CH4 and manure-management N2O; return manure N flows."""
    to_pasture = 0.0
    to_land = 0.0
    for index, cohort in enumerate(farm.cohorts):
        if cohort.head == 0:
            continue
        where = f"cohorts[{index}]"
        label = cohort.label or f"{cohort.kind} {index + 1}"
        if cohort.de_percent is None:
            vs, nex = _tier1(farm, cohort, where, label, ledger)
        else:
            vs, nex = _tier2(farm, cohort, cohort.de_percent, where, label, ledger)
        pasture, land = _manure(farm, cohort, zone, vs, nex, where, label, ledger)
        to_pasture += pasture
        to_land += land
    return ManureN(to_pasture=to_pasture, to_land=to_land)


def _tier2(
    farm: FarmInput, cohort: Cohort, de: float, where: str, label: str, ledger: Ledger
) -> tuple[float, float]:
    """Tier 2 enteric CH4 for one cohort; returns VS (kg/head/day) and Nex (kg N/head/year)."""
    cfi, growth_c = cohort_coefficients(cohort.kind)
    ca = activity_coefficient(cohort.feeding)
    fat, protein = 0.0, 0.0  # milk composition matters only for cows in milk
    if cohort.milk_kg_day > 0:
        fat, _ = _given_or_default(
            cohort.fat_percent, "default_milk_fat_percent", f"{where}.fat_percent", ledger
        )
        protein, _ = _given_or_default(
            cohort.protein_percent,
            "default_milk_protein_percent",
            f"{where}.protein_percent",
            ledger,
        )
    cp, cp_row = _given_or_default(
        cohort.cp_percent, "default_cp_percent", f"{where}.cp_percent", ledger
    )
    balance = enteric.energy_balance(
        cfi=cfi.value,
        ca=ca.value,
        growth_c=growth_c.value,
        body_weight_kg=cohort.body_weight_kg,
        mature_weight_kg=mature_weight(farm, cohort),
        gain_kg_day=cohort.weight_gain_kg_day,
        milk_kg_day=cohort.milk_kg_day,
        fat_percent=fat,
        work_hours_day=cohort.work_hours_day,
        pregnant_share=cohort.pregnant_share,
        de_percent=de,
    )
    s = ledger.step
    s(
        "ne_m",
        balance.ne_m,
        "MJ/day",
        "IPCC 2019 Eq. 10.3",
        rows=(cfi,),
        inputs=(f"{where}.body_weight_kg",),
        cohort=label,
    )
    s(
        "ne_a",
        balance.ne_a,
        "MJ/day",
        "IPCC 2019 Eq. 10.4",
        rows=(ca,),
        inputs=(f"{where}.feeding",),
        cohort=label,
    )
    s(
        "ne_g",
        balance.ne_g,
        "MJ/day",
        "IPCC 2019 Eq. 10.6",
        rows=(growth_c,),
        inputs=(f"{where}.weight_gain_kg_day", f"{where}.mature_weight_kg"),
        cohort=label,
    )
    s(
        "ne_l",
        balance.ne_l,
        "MJ/day",
        "IPCC 2019 Eq. 10.8",
        inputs=(f"{where}.milk_kg_day", f"{where}.fat_percent"),
        cohort=label,
    )
    s(
        "ne_work",
        balance.ne_work,
        "MJ/day",
        "IPCC 2019 Eq. 10.11",
        rows=(constant("ne_work_coefficient"),),
        inputs=(f"{where}.work_hours_day",),
        cohort=label,
    )
    s(
        "ne_p",
        balance.ne_p,
        "MJ/day",
        "IPCC 2019 Eq. 10.13",
        rows=(constant("c_pregnancy"),),
        inputs=(f"{where}.pregnant_share",),
        cohort=label,
    )
    s("rem", balance.rem, "", "IPCC 2019 Eq. 10.14", inputs=(f"{where}.de_percent",), cohort=label)
    s("reg", balance.reg, "", "IPCC 2019 Eq. 10.15", inputs=(f"{where}.de_percent",), cohort=label)
    s("ge", balance.ge, "MJ/day", "IPCC 2019 Eq. 10.16", cohort=label)
    s(
        "dmi",
        balance.dmi,
        "kg DM/day",
        "GE / 18.45",
        rows=(constant("ge_density_feed"),),
        cohort=label,
    )
    ym, ym_row = _ym(farm, cohort, where, ledger)
    s(
        "ym",
        ym,
        "% of GE",
        "IPCC 2019 Table 10.12 or given",
        rows=(ym_row,),
        inputs=(f"{where}.ym_percent",),
        cohort=label,
    )
    ef = s(
        "enteric_ef",
        enteric.enteric_ef(balance.ge, ym),
        "kg CH4/head/year",
        "IPCC 2019 Eq. 10.21",
        rows=(constant("energy_content_ch4"),),
        cohort=label,
    )
    if cohort.nop_mg_per_kg_dm > 0:
        if cohort.ndf_g_per_kg_dm is None:
            ledger.flag("nop_without_ndf", f"{where}.ndf_g_per_kg_dm")
        if cohort.nop_mg_per_kg_dm != constant("nop_reference_dose").value:
            ledger.flag("nop_dose_not_the_trial_mean", f"{where}.nop_mg_per_kg_dm")
        cut = s(
            "nop_efficacy",
            enteric.nop_efficacy(cohort.nop_mg_per_kg_dm, cohort.ndf_g_per_kg_dm),
            "fraction",
            "Kebreab et al. 2023",
            rows=(
                constant("nop_efficacy"),
                constant("nop_ndf_slope"),
                constant("nop_reference_dose"),
            ),
            inputs=(f"{where}.nop_mg_per_kg_dm", f"{where}.ndf_g_per_kg_dm"),
            cohort=label,
        )
        ef = s(
            "enteric_ef_with_3nop",
            ef * (1 - cut),
            "kg CH4/head/year",
            "EF · (1 − efficacy)",
            cohort=label,
        )
    ledger.emit("enteric_ch4", "ch4_biogenic", ef * cohort.head, "ym")

    high_grain = cohort.high_grain_diet
    ue = constant("urinary_energy_fraction_high_grain" if high_grain else "urinary_energy_fraction")
    ash = constant("ash_fraction")
    ash_fraction = cohort.ash_percent / 100 if cohort.ash_percent is not None else ash.value
    vs = s(
        "vs",
        manure.volatile_solids(balance.ge, de, ue.value, ash_fraction),
        "kg VS/day",
        "IPCC 2019 Eq. 10.24",
        rows=(ue, None if cohort.ash_percent is not None else ash),
        inputs=(f"{where}.ash_percent",),
        cohort=label,
    )
    intake = s(
        "n_intake",
        manure.n_intake(balance.ge, cp),
        "kg N/day",
        "IPCC 2019 Eq. 10.32",
        rows=(constant("protein_to_n"), cp_row),
        inputs=(f"{where}.cp_percent",),
        cohort=label,
    )
    retained = s(
        "n_retention",
        manure.n_retention(cohort.milk_kg_day, protein, cohort.weight_gain_kg_day, balance.ne_g),
        "kg N/day",
        "IPCC 2019 Eq. 10.33",
        rows=(constant("milk_protein_to_n"),),
        inputs=(f"{where}.protein_percent",),
        cohort=label,
    )
    nex = s(
        "nex",
        manure.n_excretion_kg_year(intake, retained),
        "kg N/head/year",
        "IPCC 2019 Eq. 10.31",
        cohort=label,
    )
    return vs, nex


def _tier1(
    farm: FarmInput, cohort: Cohort, where: str, label: str, ledger: Ledger
) -> tuple[float, float]:
    """Tier 1 fallback for dairy cows without a ration description."""
    if cohort.kind not in DAIRY_COWS:
        raise ValidationError(
            field=f"{where}.de_percent",
            reason=N_("is required for this cohort (Tier 1 defaults cover dairy cows only)"),
        )
    region = farm.location.ipcc_region
    ef, vs_rate, nex_rate = tier1_enteric(region, "all")
    if vs_rate is None or nex_rate is None:
        raise ValidationError(
            field=f"{where}.de_percent",
            reason=N_("is required: there are no Tier 1 manure rates for this IPCC region"),
        )
    ledger.flag("tier1_enteric", f"{where}.de_percent", region)
    s = ledger.step
    value = s(
        "enteric_ef",
        ef.value,
        "kg CH4/head/year",
        "IPCC 2019 Table 10.11 (Tier 1)",
        rows=(ef,),
        cohort=label,
    )
    ledger.emit("enteric_ch4", "ch4_biogenic", value * cohort.head, "ym")
    vs = s(
        "vs",
        vs_rate.value * cohort.body_weight_kg / 1000,
        "kg VS/day",
        "Tier 1 VS rate · BW / 1000",
        rows=(vs_rate,),
        inputs=(f"{where}.body_weight_kg",),
        cohort=label,
    )
    nex = s(
        "nex",
        nex_rate.value * cohort.body_weight_kg / 1000 * DAYS,
        "kg N/head/year",
        "Tier 1 Nrate · BW / 1000 · 365",
        rows=(nex_rate,),
        cohort=label,
    )
    return vs, nex


def _manure(
    farm: FarmInput,
    cohort: Cohort,
    zone: str,
    vs: float,
    nex: float,
    where: str,
    label: str,
    ledger: Ledger,
) -> tuple[float, float]:
    """Manure CH4 and manure-management N2O of one cohort; returns N to pasture and to land."""
    b0 = constant("b0_high_productivity" if farm.productivity == "high" else "b0_low_productivity")
    wet = "moist" in zone or "wet" in zone
    ef4 = constant("ef4_wet" if wet else "ef4_dry")
    ef5 = constant("ef5")
    to_pasture = 0.0
    to_land = 0.0
    s = ledger.step
    for position, part in enumerate(cohort.manure):
        field = f"{where}.manure[{position}]"
        system = part.system
        if cohort.storage_months is None and storage_dependent(system):
            ledger.flag("storage_longer_than_one_month_assumed", f"{where}.storage_months")
        factor = mcf(system, zone, cohort.storage_months, f"{field}.system")
        ch4 = s(
            f"manure_ch4[{system}]",
            manure.manure_ch4_kg_year(vs, b0.value, factor.value, part.share),
            "kg CH4/head/year",
            "IPCC 2019 Eq. 10.23",
            rows=(b0, factor, constant("ch4_density")),
            inputs=(f"{field}.share",),
            cohort=label,
        )
        ledger.emit("manure_ch4", "ch4_biogenic", ch4 * cohort.head, "b0", f"mcf:{system}")
        n_here = nex * part.share * cohort.head
        flows = manure_n(system)
        if flows.counts_as == "soils" and system == "pasture":
            to_pasture += n_here
            continue
        direct = s(
            f"manure_n2o_direct[{system}]",
            n_here * flows.ef3.value * manure.N2O_PER_N2O_N,
            "kg N2O/year",
            "IPCC 2019 Eq. 10.25",
            rows=(flows.ef3,),
            cohort=label,
        )
        volatilised = n_here * flows.frac_gas.value
        leached = n_here * flows.frac_leach.value
        indirect_g = s(
            f"manure_n2o_volatilisation[{system}]",
            volatilised * ef4.value * manure.N2O_PER_N2O_N,
            "kg N2O/year",
            "IPCC 2019 Eq. 10.26-10.27",
            rows=(flows.frac_gas, ef4),
            cohort=label,
        )
        indirect_l = s(
            f"manure_n2o_leaching[{system}]",
            leached * ef5.value * manure.N2O_PER_N2O_N,
            "kg N2O/year",
            "IPCC 2019 Eq. 10.28-10.29",
            rows=(flows.frac_leach, ef5),
            cohort=label,
        )
        ledger.emit("manure_n2o", "n2o", direct, "ef3")
        ledger.emit("manure_n2o", "n2o", indirect_g, "ef4_wet" if wet else "ef4_dry")
        ledger.emit("manure_n2o", "n2o", indirect_l, "ef5")
        # N2 losses are not tabled here, so land receives the excreted N less N2O-N, NH3/NOx-N
        # and leached N.
        to_land += n_here * (1 - flows.ef3.value - flows.frac_gas.value - flows.frac_leach.value)
    return to_pasture, to_land
