"""The single formulas behind ``carbon fpcm`` and ``carbon allocation``, with the farm's checks.

A number computed outside a farm file gets the same limits as the farm input (milk fat 1-10 %,
true protein and lactose 1-8 %), so ``--fat-percent 38`` is refused like ``milk_fat_percent: 38``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ipcenter.carbon.inputs import NonNegative, validate_model
from ipcenter.carbon.milk import fpcm_energy_ratio, fpcm_idf
from ipcenter.carbon.tables import constant
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_

FpcmMethod = Literal["idf", "energy_ratio"]


class MilkSample(BaseModel):
    """An amount of milk and its composition, with the limits of ``Sales`` in a farm file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    milk_kg: NonNegative
    fat_percent: Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)]
    protein_percent: Annotated[float, Field(ge=1, le=8, allow_inf_nan=False)]
    lactose_percent: Annotated[float, Field(ge=1, le=8, allow_inf_nan=False)] = 4.8
    method: FpcmMethod = "idf"


def checked_fpcm(
    *,
    milk_kg: float,
    fat_percent: float,
    protein_percent: float,
    method: str = "idf",
    lactose_percent: float = 4.8,
) -> float:
    """FPCM of one milk sample after the farm input's checks (ValidationError naming the field)."""
    sample = validate_model(
        MilkSample,
        {
            "milk_kg": milk_kg,
            "fat_percent": fat_percent,
            "protein_percent": protein_percent,
            "lactose_percent": lactose_percent,
            "method": method,
        },
    )
    if sample.method == "idf":
        return fpcm_idf(sample.milk_kg, sample.fat_percent, sample.protein_percent)
    return fpcm_energy_ratio(
        sample.milk_kg, sample.fat_percent, sample.protein_percent, sample.lactose_percent
    )


class Allocation(BaseModel):
    """The IDF allocation factor to milk with the ratio it comes from."""

    allocation_milk: float
    bmr: float
    bmr_limit: float


def checked_allocation(*, meat_sold_kg: float, fpcm_sold_kg: float) -> Allocation:
    """AF_milk = 1 − 6.04 · BMR, refused where the formula leaves its range.

    Without FPCM sold there is no ratio, and above BMR = 1/6.04 (≈ 0.166 kg live weight per kg
    FPCM) the factor would be negative. The IDF text was not available to us
    (shared/reference/notes/carbon.md §1.3), so it is not known what IDF prescribes there; rather
    than clamp silently to 0 (all burden on meat), such inputs are refused: they describe a
    beef rather than a dairy system, or a mistyped amount. A farm that bought more live weight
    than it sold gets BMR 0, as in the farm footprint.
    """
    validate_model(_AllocationIn, {"meat_sold_kg": meat_sold_kg, "fpcm_sold_kg": fpcm_sold_kg})
    coefficient = constant("idf_allocation_coefficient").value
    bmr = max(0.0, meat_sold_kg) / fpcm_sold_kg
    limit = 1 / coefficient
    if bmr > limit:
        raise ValidationError(
            field="meat_sold_kg",
            value=meat_sold_kg,
            reason=N_(
                "gives {ratio} kg live weight per kg FPCM sold, above {limit}: the IDF allocation "
                "factor 1 − {coefficient} × ratio would be negative"
            ),
            ratio=f"{bmr:.3f}",
            limit=f"{limit:.3f}",
            coefficient=coefficient,
        )
    return Allocation(allocation_milk=1 - coefficient * bmr, bmr=bmr, bmr_limit=limit)


class _AllocationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    meat_sold_kg: Annotated[float, Field(allow_inf_nan=False)]
    fpcm_sold_kg: Annotated[float, Field(gt=0, allow_inf_nan=False)]
