"""Published Chinese dairy results (notes section 3.3) against the shipped example farm.

The papers' farm-level inputs are not in the notes, so no paper can be re-run to its ±10 %;
what can be checked is (1) the GWP sensitivity Wang et al. (2016) report, and (2) whether the
example farm — built with the characteristics Wei et al. (2023) give for Inner Mongolia (housed
year-round, TMR, 10–12 t milk per cow) — lands in their range of 1.5–3.4 kg CO2e/kg FPCM.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ipcenter.carbon import footprint, read_farm_json

EXAMPLE = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "ipcenter"
    / "data"
    / "carbon"
    / "examples"
    / "inner_mongolia_housed.json"
)


def test_gwp_choice_moves_the_footprint_as_wang_2016_report() -> None:
    # Wang et al. 2016: AR5 instead of AR4 raises a Guanzhong footprint by about 4 %. The exact
    # change depends on the CH4 and N2O shares; with enteric at 54–60 % as in their farms it is
    # +4 % to +6 %, hence ±2 points.
    farm = read_farm_json(EXAMPLE)
    ar4 = footprint(farm, gwp="AR4").kg_co2e_per_kg_fpcm
    ar5 = footprint(farm, gwp="AR5").kg_co2e_per_kg_fpcm
    assert 100 * (ar5 / ar4 - 1) == pytest.approx(4.0, abs=2.0)


@pytest.mark.xfail(
    strict=True,
    reason="known gap: fertiliser manufacture and other upstream inputs have no sourced factors "
    "and the feed factors are from the Guanzhong plain (Liu et al. 2017) and a generic "
    "concentrate, while Wei et al. find feed the largest source. The example gives about "
    "1.18 kg CO2e/kg FPCM.",
)
def test_example_farm_within_the_inner_mongolia_range_of_wei_2023() -> None:
    result = footprint(read_farm_json(EXAMPLE))
    assert 1.5 <= result.kg_co2e_per_kg_fpcm <= 3.4
