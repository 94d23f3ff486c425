"""Enteric fermentation, IPCC 2019 Refinement Vol. 4 Ch. 10 Tier 2 (equations 10.3–10.21).

Each function is one equation over plain numbers; :func:`energy_balance` chains them for one
animal. Percentages are percent (fat 3.5, DE 70); the coefficients come from ``data/carbon``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ipcenter.carbon.tables import constant

DAYS_PER_YEAR = 365


def ne_maintenance(cfi: float, body_weight_kg: float) -> float:
    """Eq. 10.3: NEm = Cfi · BW^0.75 (MJ/day)."""
    return float(cfi * body_weight_kg**0.75)


def ne_activity(ca: float, ne_m: float) -> float:
    """Eq. 10.4: NEa = Ca · NEm (MJ/day)."""
    return ca * ne_m


def ne_growth(
    body_weight_kg: float, growth_c: float, mature_weight_kg: float, gain_kg_day: float
) -> float:
    """Eq. 10.6: NEg = 22.02 · (BW / (C · MW))^0.75 · WG^1.097 (MJ/day)."""
    if gain_kg_day <= 0:
        return 0.0
    return float(
        22.02 * (body_weight_kg / (growth_c * mature_weight_kg)) ** 0.75 * gain_kg_day**1.097
    )


def ne_lactation(milk_kg_day: float, fat_percent: float) -> float:
    """Eq. 10.8: NEl = Milk · (1.47 + 0.40 · Fat%) (MJ/day)."""
    return milk_kg_day * (1.47 + 0.40 * fat_percent)


def ne_work(ne_m: float, hours_day: float) -> float:
    """Eq. 10.11: NEwork = 0.10 · NEm · hours (MJ/day)."""
    return constant("ne_work_coefficient").value * ne_m * hours_day


def ne_pregnancy(ne_m: float, pregnant_share: float) -> float:
    """Eq. 10.13: NEp = Cpregnancy · NEm, weighted by the share of animals pregnant (MJ/day)."""
    return constant("c_pregnancy").value * ne_m * pregnant_share


def rem(de_percent: float) -> float:
    """Eq. 10.14: ratio of net energy for maintenance to digestible energy consumed."""
    de = de_percent
    return 1.123 - 4.092e-3 * de + 1.126e-5 * de**2 - 25.4 / de


def reg(de_percent: float) -> float:
    """Eq. 10.15: ratio of net energy for growth to digestible energy consumed."""
    de = de_percent
    return 1.164 - 5.160e-3 * de + 1.308e-5 * de**2 - 37.4 / de


def gross_energy(
    *, ne_m: float, ne_a: float, ne_l: float, ne_work: float, ne_p: float, ne_g: float, de: float
) -> float:
    """Eq. 10.16: GE = [(NEm + NEa + NEl + NEwork + NEp)/REM + NEg/REG] / (DE/100) (MJ/day)."""
    return ((ne_m + ne_a + ne_l + ne_work + ne_p) / rem(de) + ne_g / reg(de)) / (de / 100)


def enteric_ef(ge_mj_day: float, ym_percent: float) -> float:
    """Eq. 10.21: EF = GE · (Ym/100) · 365 / 55.65 (kg CH4/head/year)."""
    return ge_mj_day * (ym_percent / 100) * DAYS_PER_YEAR / constant("energy_content_ch4").value


@dataclass(frozen=True)
class EnergyBalance:
    """The daily energy requirements and intake of one animal (MJ/day, DMI kg/day)."""

    ne_m: float
    ne_a: float
    ne_g: float
    ne_l: float
    ne_work: float
    ne_p: float
    rem: float
    reg: float
    ge: float
    dmi: float


def energy_balance(
    *,
    cfi: float,
    ca: float,
    growth_c: float,
    body_weight_kg: float,
    mature_weight_kg: float,
    gain_kg_day: float,
    milk_kg_day: float,
    fat_percent: float,
    work_hours_day: float,
    pregnant_share: float,
    de_percent: float,
) -> EnergyBalance:
    """Chain equations 10.3–10.16 for one animal."""
    nem = ne_maintenance(cfi, body_weight_kg)
    nea = ne_activity(ca, nem)
    neg = ne_growth(body_weight_kg, growth_c, mature_weight_kg, gain_kg_day)
    nel = ne_lactation(milk_kg_day, fat_percent)
    nework = ne_work(nem, work_hours_day)
    nep = ne_pregnancy(nem, pregnant_share)
    ge = gross_energy(
        ne_m=nem, ne_a=nea, ne_l=nel, ne_work=nework, ne_p=nep, ne_g=neg, de=de_percent
    )
    return EnergyBalance(
        ne_m=nem,
        ne_a=nea,
        ne_g=neg,
        ne_l=nel,
        ne_work=nework,
        ne_p=nep,
        rem=rem(de_percent),
        reg=reg(de_percent),
        ge=ge,
        dmi=ge / constant("ge_density_feed").value,
    )


def nop_efficacy(dose_mg_per_kg_dm: float, ndf_g_per_kg_dm: float | None) -> float:
    """Fraction of enteric CH4 removed by 3-NOP (Kebreab et al. 2023 meta-analysis).

    At the meta-analysis mean dose (70.5 mg/kg DM) the mean reduction is 32.7 %; it falls by
    0.633 points per 10 g/kg DM of NDF above the mean of 329 g/kg DM (below that mean the mean
    effect is kept). A lower dose is credited in proportion to the mean dose and a higher dose
    no more than the mean dose: the trials' dose response is not extrapolated.
    """
    if dose_mg_per_kg_dm <= 0:
        return 0.0
    points = constant("nop_efficacy").value
    if ndf_g_per_kg_dm is not None:
        excess = max(0.0, ndf_g_per_kg_dm - constant("nop_ndf_reference").value)
        points -= constant("nop_ndf_slope").value * excess
    dose_share = min(1.0, dose_mg_per_kg_dm / constant("nop_reference_dose").value)
    return max(0.0, points) * dose_share / 100
