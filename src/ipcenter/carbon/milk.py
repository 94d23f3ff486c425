"""Functional unit and allocation: FPCM (IDF 2022 or energy ratio), IDF biophysical allocation."""

from __future__ import annotations

from ipcenter.carbon.tables import constant


def fpcm_idf(milk_kg: float, fat_percent: float, protein_percent: float) -> float:
    """IDF 2022: FPCM = milk · (0.1226 · fat% + 0.0776 · true protein% + 0.2534) (kg)."""
    return milk_kg * (0.1226 * fat_percent + 0.0776 * protein_percent + 0.2534)


def fpcm_energy_ratio(
    milk_kg: float, fat_percent: float, protein_percent: float, lactose_percent: float = 4.8
) -> float:
    """Energy-ratio convention (GLEAM): milk · E / E_std, E = 0.0929 F + 0.0547 P + 0.0395 L.

    The standard milk has 4.0 % fat, 3.3 % protein and 4.8 % lactose.
    """

    def energy(fat: float, protein: float, lactose: float) -> float:
        return 0.0929 * fat + 0.0547 * protein + 0.0395 * lactose

    return milk_kg * energy(fat_percent, protein_percent, lactose_percent) / energy(4.0, 3.3, 4.8)


def allocation_milk(meat_sold_kg: float, fpcm_sold_kg: float) -> float:
    """IDF: AF_milk = 1 − 6.04 · BMR, BMR = (live weight sold − bought) / FPCM sold.

    A farm that buys more live weight than it sells gets BMR 0 (all burden to milk), and the
    factor never falls below 0.
    """
    if fpcm_sold_kg <= 0:
        return 1.0
    bmr = max(0.0, meat_sold_kg) / fpcm_sold_kg
    return max(0.0, 1 - constant("idf_allocation_coefficient").value * bmr)
