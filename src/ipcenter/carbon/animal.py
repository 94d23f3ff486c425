"""Tier 2 enteric CH4 of a single animal, for checking one number by hand (``carbon enteric``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from ipcenter.carbon import enteric
from ipcenter.carbon.inputs import CohortKind, Feeding, validate_model
from ipcenter.carbon.tables import activity_coefficient, cohort_coefficients, constant, ym_for_yield

DAYS = 365


class EntericAnimal(BaseModel):
    """The description of one animal, with the same limits as a farm cohort."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: CohortKind = "lactating"
    body_weight_kg: Annotated[float, Field(gt=0, le=1500, allow_inf_nan=False)]
    mature_weight_kg: Annotated[float, Field(gt=0, le=1500, allow_inf_nan=False)] | None = None
    weight_gain_kg_day: Annotated[float, Field(ge=0, le=3, allow_inf_nan=False)] = 0.0
    milk_kg_day: Annotated[float, Field(ge=0, le=80, allow_inf_nan=False)] = 0.0
    fat_percent: Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)]
    de_percent: Annotated[float, Field(ge=40, le=95, allow_inf_nan=False)]
    feeding: Feeding = "stall"
    pregnant_share: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 0.0
    ym_percent: Annotated[float, Field(gt=0, le=15, allow_inf_nan=False)] | None = None


class EntericResult(BaseModel):
    """Energy terms (MJ/day), intake and the emission factor of one animal."""

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
    ym_percent: float
    ym_source: str
    ef_kg_ch4_per_head_year: float


def enteric_animal(
    *,
    body_weight_kg: float,
    de_percent: float,
    milk_kg_day: float,
    fat_percent: float,
    feeding: str,
    pregnant_share: float,
    kind: str = "lactating",
    ym_percent: float | None = None,
    weight_gain_kg_day: float = 0.0,
    mature_weight_kg: float | None = None,
) -> EntericResult:
    """Eq. 10.3-10.21 for one animal; Ym from the Table 10.12 class of milk · 365 when not given."""
    animal = validate_model(
        EntericAnimal,
        {
            "kind": kind,
            "body_weight_kg": body_weight_kg,
            "mature_weight_kg": mature_weight_kg,
            "weight_gain_kg_day": weight_gain_kg_day,
            "milk_kg_day": milk_kg_day,
            "fat_percent": fat_percent,
            "de_percent": de_percent,
            "feeding": feeding,
            "pregnant_share": pregnant_share,
            "ym_percent": ym_percent,
        },
    )
    cfi, growth_c = cohort_coefficients(animal.kind)
    balance = enteric.energy_balance(
        cfi=cfi.value,
        ca=activity_coefficient(animal.feeding).value,
        growth_c=growth_c.value,
        body_weight_kg=animal.body_weight_kg,
        mature_weight_kg=animal.mature_weight_kg or animal.body_weight_kg,
        gain_kg_day=animal.weight_gain_kg_day,
        milk_kg_day=animal.milk_kg_day,
        fat_percent=animal.fat_percent,
        work_hours_day=0.0,
        pregnant_share=animal.pregnant_share,
        de_percent=animal.de_percent,
    )
    if animal.ym_percent is not None:
        ym, source = animal.ym_percent, "given"
    elif animal.kind in ("lactating", "dry"):
        klass, looked = ym_for_yield(animal.milk_kg_day * DAYS)
        ym, source = looked.value, f"{looked.row} ({klass})"
    else:
        looked = constant("ym_non_dairy")
        ym, source = looked.value, looked.row
    return EntericResult(
        ne_m=balance.ne_m,
        ne_a=balance.ne_a,
        ne_g=balance.ne_g,
        ne_l=balance.ne_l,
        ne_work=balance.ne_work,
        ne_p=balance.ne_p,
        rem=balance.rem,
        reg=balance.reg,
        ge=balance.ge,
        dmi=balance.dmi,
        ym_percent=ym,
        ym_source=source,
        ef_kg_ch4_per_head_year=enteric.enteric_ef(balance.ge, ym),
    )
