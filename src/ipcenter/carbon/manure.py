"""Manure: volatile solids and CH4 (Eq. 10.23-10.24), N excretion (10.31-10.33), N2O (10.25-10.28).

Functions over plain numbers; the system shares and table lookups are applied by the footprint.
"""

from __future__ import annotations

from ipcenter.carbon.tables import constant

DAYS_PER_YEAR = 365
N2O_PER_N2O_N = 44 / 28


def volatile_solids(
    ge_mj_day: float, de_percent: float, ue_fraction: float, ash_fraction: float
) -> float:
    """Eq. 10.24: VS = [GE · (1 − DE/100) + UE · GE] · (1 − ASH) / 18.45 (kg VS/day)."""
    density = constant("ge_density_feed").value
    return (
        (ge_mj_day * (1 - de_percent / 100) + ue_fraction * ge_mj_day)
        * (1 - ash_fraction)
        / density
    )


def manure_ch4_ef_g_per_kg_vs(b0: float, mcf_fraction: float) -> float:
    """CH4 per kg VS of one system (g CH4/kg VS) = B0 · 0.67 · MCF · 1000 (Eq. 10.23 per kg VS)."""
    return b0 * constant("ch4_density").value * mcf_fraction * 1000


def manure_ch4_kg_year(vs_kg_day: float, b0: float, mcf_fraction: float, share: float) -> float:
    """Eq. 10.23 for one system: VS · 365 · B0 · 0.67 · MCF · AWMS (kg CH4/head/year)."""
    return vs_kg_day * DAYS_PER_YEAR * b0 * constant("ch4_density").value * mcf_fraction * share


def n_intake(ge_mj_day: float, cp_percent: float) -> float:
    """Eq. 10.32: N intake = GE / 18.45 · (CP% / 100) / 6.25 (kg N/day)."""
    return (
        ge_mj_day
        / constant("ge_density_feed").value
        * (cp_percent / 100)
        / constant("protein_to_n").value
    )


def n_retention(
    milk_kg_day: float, milk_protein_percent: float, gain_kg_day: float, ne_g: float
) -> float:
    """Eq. 10.33: N retained in milk and gain (kg N/day).

    Milk · (PR% / 100) / 6.38 + WG · [268 − 7.03 · NEg / WG] / 1000 / 6.25.
    """
    in_milk = milk_kg_day * (milk_protein_percent / 100) / constant("milk_protein_to_n").value
    in_gain = 0.0
    if gain_kg_day > 0:
        in_gain = (
            gain_kg_day
            * (
                constant("n_retention_gain_a").value
                - constant("n_retention_gain_b").value * ne_g / gain_kg_day
            )
            / 1000
            / constant("protein_to_n").value
        )
    return in_milk + in_gain


def n_excretion_kg_year(intake_kg_day: float, retention_kg_day: float) -> float:
    """Eq. 10.31: Nex = (N intake − N retained) · 365 (kg N/head/year), never negative."""
    return max(0.0, intake_kg_day - retention_kg_day) * DAYS_PER_YEAR
