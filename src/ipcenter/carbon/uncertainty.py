"""Monte Carlo over the parameters that carry ranges (``uncertainty.csv``), vectorised with numpy.

Every emission term is proportional to the uncertain parameters it names (Ym, B0, MCF of its
system, EF1, EF3, EF4, EF5), so one draw of a farm is the deterministic terms rescaled by the
drawn multipliers: no equation is re-run per draw. Parameters are drawn independently from
triangular distributions with the default as mode; each manure system's MCF is its own draw.
"""

from __future__ import annotations

import numpy as np

from ipcenter.carbon.footprint import evaluate
from ipcenter.carbon.inputs import FarmInput
from ipcenter.carbon.results import MonteCarloResult
from ipcenter.carbon.tables import uncertainty_ranges
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_

MAX_DRAWS = 1_000_000


def monte_carlo(
    farm: FarmInput,
    *,
    n: int = 10_000,
    seed: int = 0,
    gwp: str = "AR6",
    scenario: str | None = None,
) -> MonteCarloResult:
    """P5, P50 and P95 of kg CO2e per kg FPCM over ``n`` seeded draws."""
    if not 1 <= n <= MAX_DRAWS:
        raise ValidationError(
            field="monte_carlo", reason=N_("must be between 1 and {limit}"), limit=MAX_DRAWS
        )
    evaluation = evaluate(farm, gwp=gwp, scenario=scenario)
    ranges = uncertainty_ranges()
    rng = np.random.default_rng(seed)
    keys = sorted({key for term in evaluation.terms for key in term.params})
    draws: dict[str, np.ndarray] = {}
    for key in keys:
        low, high, _source = ranges[key.split(":")[0]]
        draws[key] = rng.triangular(low, 1.0, high, size=n) if high > low else np.ones(n)
    total = np.zeros(n)
    fixed = 0.0
    for term in evaluation.terms:
        co2e = term.kg * evaluation.weights[term.gas]
        if not term.params:
            fixed += co2e
            continue
        scale = draws[term.params[0]]
        for key in term.params[1:]:
            scale = scale * draws[key]
        total += co2e * scale
    total += fixed
    intensity = total * evaluation.milk_share_per_fpcm
    p5, p50, p95 = np.percentile(intensity, [5, 50, 95])
    t5, t50, t95 = np.percentile(total, [5, 50, 95])
    return MonteCarloResult(
        n=n,
        seed=seed,
        gwp=gwp,
        deterministic=evaluation.result.kg_co2e_per_kg_fpcm,
        p5=float(p5),
        p50=float(p50),
        p95=float(p95),
        mean=float(intensity.mean()),
        total_p5_kg_co2e=float(t5),
        total_p50_kg_co2e=float(t50),
        total_p95_kg_co2e=float(t95),
        parameters=tuple(keys),
    )
