"""Monte Carlo: seeded, vectorised, P50 close to the deterministic result."""

from __future__ import annotations

import pytest

from ipcenter.carbon import footprint, monte_carlo, parse_farm
from ipcenter.core.errors import ValidationError
from tests.carbon.farms import CASE_A


def test_p50_within_one_percent_of_the_deterministic_result() -> None:
    farm = parse_farm(CASE_A)
    deterministic = footprint(farm).kg_co2e_per_kg_fpcm
    result = monte_carlo(farm, n=10_000, seed=42)
    assert result.deterministic == pytest.approx(deterministic)
    assert result.p50 == pytest.approx(deterministic, rel=0.01)
    assert result.p5 < result.p50 < result.p95
    assert {"ym", "b0", "mcf:liquid_slurry"} <= set(result.parameters)


def test_seeded_draws_repeat_and_differ_by_seed() -> None:
    farm = parse_farm(CASE_A)
    first = monte_carlo(farm, n=2_000, seed=7)
    assert monte_carlo(farm, n=2_000, seed=7) == first
    assert monte_carlo(farm, n=2_000, seed=8).p95 != first.p95


def test_ym_range_alone_spreads_enteric_by_about_twenty_percent() -> None:
    # Enteric CH4 is about 56 % of Case A; Ym triangular(0.8, 1, 1.2) gives P5/P95 near ±13 %
    # of enteric, so the spread of the total must be several percent but well under 20 %.
    result = monte_carlo(parse_farm(CASE_A), n=10_000, seed=1)
    spread = (result.p95 - result.p5) / result.p50
    assert 0.05 < spread < 0.4


def test_draw_count_is_bounded() -> None:
    with pytest.raises(ValidationError):
        monte_carlo(parse_farm(CASE_A), n=0, seed=1)
