"""Scenario comparison: the baseline and each scenario as a difference from it."""

from __future__ import annotations

from collections.abc import Iterable

from ipcenter.carbon.footprint import footprint
from ipcenter.carbon.inputs import FarmInput
from ipcenter.carbon.results import ScenarioComparison, ScenarioDiff
from ipcenter.carbon.scenarios import SCENARIOS


def compare_scenarios(
    farm: FarmInput, names: Iterable[str] | None = None, *, gwp: str = "AR6"
) -> ScenarioComparison:
    """Run the baseline and each named scenario (all when ``names`` is None)."""
    baseline = footprint(farm, gwp=gwp)
    diffs = []
    for name in SCENARIOS if names is None else tuple(names):
        result = footprint(farm, gwp=gwp, scenario=name)
        delta_intensity = result.kg_co2e_per_kg_fpcm - baseline.kg_co2e_per_kg_fpcm
        diffs.append(
            ScenarioDiff(
                name=name,
                result=result,
                delta_total_kg_co2e=result.total_kg_co2e - baseline.total_kg_co2e,
                delta_kg_co2e_per_kg_fpcm=delta_intensity,
                delta_percent=100 * delta_intensity / baseline.kg_co2e_per_kg_fpcm,
                delta_by_source={
                    s: result.by_source[s] - baseline.by_source[s] for s in baseline.by_source
                },
            )
        )
    return ScenarioComparison(baseline=baseline, scenarios=tuple(diffs))
