"""IPCC 2019 Annex 10A.1 dairy rows through Tier 2 reproduce the Table 10.11 Tier 1 EFs.

Inputs per row (body weight, milk, fat, DE, share pregnant) are Annex 10A.1 as transcribed in the
MIT-licensed data of the PyPI package bonsai-ipcc 0.5.3 (``par_weight``, ``par_milk``, ``par_fat``,
``par_de``, ``par_ratio_preg``), read as data only. The expected EFs are IPCC 2019 Table 10.11.

The Annex rows' own Ym and Ca could not be read (the PDF is not available offline), so, as the
notes' addendum prescribes:
* Ym is the Table 10.12 productivity class of the row's annual milk (milk/day × 365);
* Ca is that of the feeding situation assumed for the row: housed (stall, 0) for the high-
  productivity systems and for the regions whose dairy cows are mostly confined; pasture (0.17)
  for low-productivity systems, Oceania and Latin America; the average row of a region split
  into HPS and LPS takes the Ca of its two systems weighted by the HPS share that reproduces
  its average milk yield. These assumptions are ours and are listed per row.
"""

from __future__ import annotations

import pytest

from ipcenter.carbon import energy_balance, enteric_ef

STALL, PASTURE = 0.0, 0.17

# region, system, BW kg, milk kg/d, fat %, DE %, pregnant share, Ca (assumed), Table 10.11 EF
ROWS: list[tuple[str, str, float, float, float, float, float, float | str, float]] = [
    ("north_america", "all", 650, 28.0, 3.7, 71, 0.90, STALL, 138),
    ("western_europe", "all", 600, 20.3, 4.2, 71, 0.90, STALL, 126),
    ("eastern_europe", "all", 550, 10.9, 3.9, 70, 0.85, STALL, 93),
    ("oceania", "all", 488, 12.1, 4.8, 77, 0.92, PASTURE, 93),
    ("latin_america", "hps", 520, 9.3, 4.0, 65, 0.72, PASTURE, 103),
    ("latin_america", "lps", 500, 3.4, 4.0, 65, 0.68, PASTURE, 78),
    ("latin_america", "all", 508, 5.6, 4.0, 65, 0.70, "mix", 87),
    ("asia", "hps", 485, 13.8, 4.1, 70, 0.80, STALL, 96),
    ("asia", "lps", 355, 7.3, 3.9, 65, 0.67, STALL, 71),
    ("asia", "all", 386, 8.9, 3.9, 66, 0.70, "mix", 78),
    ("africa", "hps", 250, 5.8, 4.3, 50, 0.57, STALL, 86),
    ("africa", "lps", 270, 1.2, 4.3, 51, 0.52, PASTURE, 66),
    ("africa", "all", 260, 3.5, 4.3, 51, 0.54, "mix", 76),
    ("middle_east", "hps", 510, 10.6, 3.5, 65, 0.55, STALL, 94),
    ("middle_east", "lps", 270, 3.6, 4.5, 60, 0.50, PASTURE, 62),
    ("middle_east", "all", 349, 5.9, 4.1, 62, 0.52, "mix", 76),
    ("indian_subcontinent", "hps", 350, 7.1, 4.0, 65, 0.50, STALL, 70),
    ("indian_subcontinent", "lps", 265, 4.6, 4.2, 55, 0.40, PASTURE, 74),
    ("indian_subcontinent", "all", 285, 5.2, 4.2, 57, 0.42, "mix", 73),
]
# Rows that miss ±2 % under the sourced assumptions, with the figure found and the reason.
OUTSIDE: dict[tuple[str, str], str] = {
    ("africa", "all"): "−2.2 %: the HPS/LPS mixture of Ca (0.085) gives 74.4 vs 76; the Annex "
    "row's own Ca and Ym are needed",
}


def _row(
    region: str, system: str
) -> tuple[str, str, float, float, float, float, float, float | str, float]:
    return next(r for r in ROWS if r[0] == region and r[1] == system)


def _ca(region: str, system: str) -> float:
    ca = _row(region, system)[7]
    if ca != "mix":
        assert isinstance(ca, float)
        return ca
    milk = _row(region, system)[3]
    hps, lps = _row(region, "hps"), _row(region, "lps")
    share_hps = (milk - lps[3]) / (hps[3] - lps[3])
    return share_hps * _ca(region, "hps") + (1 - share_hps) * _ca(region, "lps")


def _ym(milk_kg_day: float) -> float:
    # IPCC 2019 Table 10.12 classes (the engine's ym.csv holds the same thresholds).
    annual = milk_kg_day * 365
    return 5.7 if annual > 8500 else 6.3 if annual >= 5000 else 6.5


@pytest.mark.parametrize(
    ("region", "system"),
    [
        pytest.param(
            r[0],
            r[1],
            id=f"{r[0]}-{r[1]}",
            marks=[pytest.mark.xfail(strict=True, reason=OUTSIDE[(r[0], r[1])])]
            if (r[0], r[1]) in OUTSIDE
            else [],
        )
        for r in ROWS
    ],
)
def test_annex_row_reproduces_table_10_11(region: str, system: str) -> None:
    _, _, bw, milk, fat, de, pregnant, _, expected = _row(region, system)
    balance = energy_balance(
        cfi=0.386,
        ca=_ca(region, system),
        growth_c=0.8,
        body_weight_kg=bw,
        mature_weight_kg=bw,
        gain_kg_day=0.0,
        milk_kg_day=milk,
        fat_percent=fat,
        work_hours_day=0.0,
        pregnant_share=pregnant,
        de_percent=de,
    )
    assert enteric_ef(balance.ge, _ym(milk)) == pytest.approx(expected, rel=0.02)


def test_the_table_lists_all_nineteen_dairy_rows_of_table_10_11() -> None:
    assert len(ROWS) == 19
    assert len({(r[0], r[1]) for r in ROWS}) == 19
