"""Enteric CH4 Tier 2 against the hand calculation of Case A (notes section 3.2).

Expected values are the notes' independent hand calculation (IPCC 2019 Eq. 10.3-10.21), also
matched by cattle-lca 0.3.1 to six figures; they were not produced by this code.
"""

from __future__ import annotations

import pytest

from ipcenter.carbon import energy_balance, enteric_animal, enteric_ef, nop_efficacy
from ipcenter.carbon.enteric import rem

CASE_A = {
    "cfi": 0.386,
    "ca": 0.0,
    "growth_c": 0.8,
    "body_weight_kg": 600.0,
    "mature_weight_kg": 600.0,
    "gain_kg_day": 0.0,
    "milk_kg_day": 25.825,
    "fat_percent": 3.5,
    "work_hours_day": 0.0,
    "pregnant_share": 1.0,  # "Cpreg 0.10 on all cows"
    "de_percent": 70.0,
}
TOLERANCE = 1e-4  # ±0.01 %


def test_case_a_energy_terms() -> None:
    balance = energy_balance(**CASE_A)
    # The notes quote three decimals for NEm/NEl/NEp: half a unit of the last digit is allowed.
    assert balance.ne_m == pytest.approx(46.795, abs=0.0005)
    assert balance.ne_l == pytest.approx(74.118, abs=0.0005)
    assert balance.ne_p == pytest.approx(4.680, abs=0.0005)
    assert balance.rem == pytest.approx(0.52888, rel=TOLERANCE)
    assert balance.ge == pytest.approx(339.24, rel=TOLERANCE)
    assert balance.dmi == pytest.approx(18.39, rel=1e-3)


@pytest.mark.parametrize(
    ("ym", "expected"),
    [(6.5, 144.63), (6.3, 140.18), (5.7, 126.83)],
    ids=["ym6.5", "ym6.3", "ym5.7"],
)
def test_case_a_emission_factor(ym: float, expected: float) -> None:
    ge = energy_balance(**CASE_A).ge
    assert enteric_ef(ge, ym) == pytest.approx(expected, rel=TOLERANCE)


def test_case_a_with_ninety_percent_pregnant() -> None:
    ge = energy_balance(**{**CASE_A, "pregnant_share": 0.9}).ge
    assert enteric_ef(ge, 6.5) == pytest.approx(144.09, rel=TOLERANCE)


def test_rem_keeps_the_de_term() -> None:
    # bonsai-ipcc's REM drops the ×DE term and returns 0.811 at DE 70 %; the IPCC value is 0.5289.
    assert rem(70) == pytest.approx(0.52888, rel=TOLERANCE)


def test_single_animal_takes_ym_from_the_productivity_class() -> None:
    # 25.825 kg/day × 365 = 9,426 kg/year: "high producing" (> 8,500 kg) → Ym 5.7 %.
    result = enteric_animal(
        body_weight_kg=600,
        milk_kg_day=25.825,
        fat_percent=3.5,
        de_percent=70,
        feeding="stall",
        pregnant_share=1.0,
    )
    assert result.ym_percent == 5.7
    assert result.ef_kg_ch4_per_head_year == pytest.approx(126.83, rel=TOLERANCE)


def test_activity_and_growth_terms() -> None:
    pasture = energy_balance(**{**CASE_A, "ca": 0.17})
    assert pasture.ne_a == pytest.approx(0.17 * 46.795, rel=TOLERANCE)
    heifer = energy_balance(
        **{
            **CASE_A,
            "cfi": 0.322,
            "milk_kg_day": 0.0,
            "body_weight_kg": 400.0,
            "gain_kg_day": 0.8,
            "pregnant_share": 0.0,
        }
    )
    # Eq. 10.6 by hand: 22.02 · (400 / (0.8 · 600))^0.75 · 0.8^1.097
    assert heifer.ne_g == pytest.approx(22.02 * (400 / 480) ** 0.75 * 0.8**1.097, rel=1e-12)
    assert heifer.ne_g == pytest.approx(15.04, abs=0.01)  # 22.02 · 0.8722 · 0.7828


@pytest.mark.parametrize(
    ("dose", "ndf", "expected"),
    [
        (70.5, None, 0.327),  # the meta-analysis mean effect
        (70.5, 329.0, 0.327),
        (70.5, 429.0, 0.327 - 0.0633),  # 100 g/kg above the mean: −6.33 points
        (35.25, 329.0, 0.1635),  # half the mean dose: half the effect (no extrapolation)
        (141.0, 329.0, 0.327),  # double the dose: not credited beyond the trials' mean
        (0.0, 329.0, 0.0),
    ],
)
def test_3nop_efficacy(dose: float, ndf: float | None, expected: float) -> None:
    assert nop_efficacy(dose, ndf) == pytest.approx(expected, abs=1e-9)
