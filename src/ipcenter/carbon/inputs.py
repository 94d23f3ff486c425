"""The typed description of one farm year, as the carbon calculation reads it.

What the product side (workbook parser, web form, storage, batch) may rely on:

* :class:`FarmInput` and its parts are the one input shape. Build it only through
  :func:`parse_farm` (a plain ``dict``, e.g. from JSON, a form or a workbook) or
  :func:`read_farm_json`; both raise :class:`ipcenter.core.errors.ValidationError` whose
  ``field`` is a path such as ``cohorts[0].fat_percent`` and whose ``reason`` is an ``N_()``
  msgid, so the message renders in zh_CN or en. pydantic's own errors never escape.
* ``FarmInput.model_dump(mode="json")`` round-trips through :func:`parse_farm` unchanged, so a
  stored assessment can keep the input as JSON.
* Units are in the field names (``_kg``, ``_percent``, ``_kg_day``, ``_kwh``, ``_tkm``).
  Percentages are percent (3.5, not 0.035); shares are fractions 0–1.
* Optional fields left empty take the default of ``data/carbon/constants.csv`` (cited), and
  the result carries a data-quality flag naming the field.
* Identifiers such as ``ManureSystem``, ``ClimateZone``, ``CohortKind`` and ``Feeding`` are the
  keys of the data tables under ``data/carbon/``; their lists are the ``Literal`` types below.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticValidationError

from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_

CohortKind = Literal["lactating", "dry", "heifer", "calf", "bull"]
Feeding = Literal["stall", "pasture", "grazing"]
ClimateZone = Literal[
    "cool_temperate_moist",
    "cool_temperate_dry",
    "warm_temperate_moist",
    "warm_temperate_dry",
    "boreal_moist",
    "boreal_dry",
    "tropical_montane",
    "tropical_wet",
    "tropical_moist",
    "tropical_dry",
]
ManureSystem = Literal[
    "pasture",
    "daily_spread",
    "solid_storage",
    "dry_lot",
    "liquid_slurry_crust",
    "liquid_slurry",
    "liquid_slurry_covered",
    "pit_storage",
    "lagoon",
    "digester_low_leak",
    "digester_high_leak",
    "digester_open_storage",
    "composting_in_vessel",
    "composting_static_pile",
    "composting_windrow_intensive",
    "composting_windrow_passive",
    "deep_bedding",
    "deep_bedding_active",
]
FpcmMethod = Literal["idf", "energy_ratio"]
Productivity = Literal["high", "low"]
IpccRegion = Literal[
    "north_america",
    "western_europe",
    "eastern_europe",
    "oceania",
    "latin_america",
    "asia",
    "africa",
    "middle_east",
    "indian_subcontinent",
]

M = TypeVar("M", bound=BaseModel)
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
SHARE_TOLERANCE = 1e-6


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ManureShare(_Strict):
    """The fraction of a cohort's manure handled by one system (AWMS)."""

    system: ManureSystem
    share: Share


class Cohort(_Strict):
    """One group of animals, as the average number present over the year."""

    kind: CohortKind
    label: str = ""
    age_band: str = ""
    head: NonNegative
    body_weight_kg: Annotated[float, Field(gt=0, le=1500, allow_inf_nan=False)]
    mature_weight_kg: Annotated[float, Field(gt=0, le=1500, allow_inf_nan=False)] | None = None
    weight_gain_kg_day: Annotated[float, Field(ge=0, le=3, allow_inf_nan=False)] = 0.0
    milk_kg_day: Annotated[float, Field(ge=0, le=80, allow_inf_nan=False)] = 0.0
    fat_percent: Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)] | None = None
    protein_percent: Annotated[float, Field(ge=1, le=8, allow_inf_nan=False)] | None = None
    pregnant_share: Share = 0.0
    feeding: Feeding = "stall"
    work_hours_day: Annotated[float, Field(ge=0, le=24, allow_inf_nan=False)] = 0.0
    de_percent: Annotated[float, Field(ge=40, le=95, allow_inf_nan=False)] | None = None
    cp_percent: Annotated[float, Field(ge=3, le=40, allow_inf_nan=False)] | None = None
    ndf_g_per_kg_dm: Annotated[float, Field(ge=100, le=800, allow_inf_nan=False)] | None = None
    ash_percent: Annotated[float, Field(ge=0, le=30, allow_inf_nan=False)] | None = None
    ym_percent: Annotated[float, Field(gt=0, le=15, allow_inf_nan=False)] | None = None
    high_grain_diet: bool = False
    nop_mg_per_kg_dm: Annotated[float, Field(ge=0, le=300, allow_inf_nan=False)] = 0.0
    manure: tuple[ManureShare, ...] = Field(min_length=1)
    storage_months: Annotated[float, Field(ge=0, le=24, allow_inf_nan=False)] | None = None

    @model_validator(mode="after")
    def _shares_sum_to_one(self) -> Cohort:
        total = math.fsum(part.share for part in self.manure)
        if abs(total - 1) > SHARE_TOLERANCE:
            raise _FieldProblem(
                "manure",
                N_("the manure system shares must add up to 1 (they add up to {total})"),
                total=round(total, 6),
            )
        systems = [part.system for part in self.manure]
        if len(set(systems)) != len(systems):
            raise _FieldProblem("manure", N_("each manure system may appear only once"))
        return self


class Location(_Strict):
    """Where the farm is: a GB/T 2260 code and/or the IPCC climate zone itself.

    ``province_code`` may be the province's own code (``150000``) or any code inside it (a city
    or county, ``150102``); the calculation uses the province it belongs to.
    """

    province_code: Annotated[str, Field(pattern=r"^\d{6}$")] | None = None
    climate_zone: ClimateZone | None = None
    ipcc_region: IpccRegion = "asia"


class Soils(_Strict):
    """Nitrogen and carbonates applied to the farm's own land in the year."""

    synthetic_n_kg: NonNegative = 0.0
    organic_n_kg: NonNegative = 0.0
    urea_kg: NonNegative = 0.0
    limestone_kg: NonNegative = 0.0
    dolomite_kg: NonNegative = 0.0


class PurchasedFeed(_Strict):
    """A feed bought in: a row of ``feed_factors.csv`` or the user's own factor with its source."""

    feed_id: str | None = None
    name: str = ""
    tonnes: NonNegative
    kg_co2e_per_kg: NonNegative | None = None
    factor_source: str = ""

    @model_validator(mode="after")
    def _has_a_factor(self) -> PurchasedFeed:
        if self.feed_id is None and self.kg_co2e_per_kg is None:
            raise _FieldProblem(
                "feed_id", N_("give a feed from the factor table or your own factor")
            )
        if self.kg_co2e_per_kg is not None and not self.factor_source.strip():
            raise _FieldProblem("factor_source", N_("an own emission factor needs its source"))
        return self


class Transport(_Strict):
    """Freight for purchased inputs, in tonne-kilometres by mode."""

    mode: str = "road_hgv"
    tkm: NonNegative


class Energy(_Strict):
    """Fuel burnt on the farm and grid electricity bought."""

    diesel_kg: NonNegative = 0.0
    petrol_kg: NonNegative = 0.0
    lpg_kg: NonNegative = 0.0
    coal_kg: NonNegative = 0.0
    electricity_kwh: NonNegative = 0.0
    grid: str | None = None
    grid_year: Annotated[int, Field(ge=2000, le=2100)] | None = None


class Sales(_Strict):
    """What leaves and enters the farm gate: milk, live weight, manure."""

    milk_sold_kg: NonNegative
    milk_fat_percent: Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)]
    milk_protein_percent: Annotated[float, Field(ge=1, le=8, allow_inf_nan=False)]
    milk_lactose_percent: Annotated[float, Field(ge=1, le=8, allow_inf_nan=False)] = 4.8
    live_weight_sold_kg: NonNegative = 0.0
    live_weight_bought_kg: NonNegative = 0.0
    manure_exported_share: Share = 0.0


class FarmInput(_Strict):
    """One farm over one year: herd, rations, manure, land, purchases, energy and sales."""

    farm_name: str = Field(min_length=1, max_length=200)
    year: Annotated[int, Field(ge=1990, le=2100)]
    location: Location = Location()
    cohorts: tuple[Cohort, ...] = Field(min_length=1)
    soils: Soils = Soils()
    feeds: tuple[PurchasedFeed, ...] = ()
    transport: tuple[Transport, ...] = ()
    energy: Energy = Energy()
    sales: Sales
    fpcm_method: FpcmMethod = "idf"
    productivity: Productivity = "high"

    @model_validator(mode="after")
    def _herd_has_cows(self) -> FarmInput:
        if not any(c.kind == "lactating" and c.head > 0 for c in self.cohorts):
            raise _FieldProblem("cohorts", N_("the herd needs at least one lactating cow"))
        for index, cohort in enumerate(self.cohorts):
            if cohort.milk_kg_day > 0 and cohort.kind != "lactating":
                raise _FieldProblem(
                    f"cohorts[{index}].milk_kg_day", N_("only lactating cows give milk")
                )
        return self


class _FieldProblem(ValueError):
    """Raised inside validators; carries the field (relative to the model) and an N_() reason."""

    def __init__(self, field: str, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason
        self.params = params


_PYDANTIC_REASONS: dict[str, str] = {
    "greater_than_equal": N_("must be at least {limit}"),
    "greater_than": N_("must be greater than {limit}"),
    "less_than_equal": N_("must be at most {limit}"),
    "less_than": N_("must be less than {limit}"),
    "missing": N_("is required"),
    "extra_forbidden": N_("is not a known field"),
    "literal_error": N_("must be one of {allowed}"),
    "float_parsing": N_("must be a number"),
    "float_type": N_("must be a number"),
    "int_parsing": N_("must be a whole number"),
    "int_type": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "finite_number": N_("must be a finite number"),
    "string_type": N_("must be text"),
    "string_pattern_mismatch": N_("does not have the expected form"),
    "string_too_short": N_("must not be empty"),
    "string_too_long": N_("is too long"),
    "too_short": N_("must not be empty"),
    "bool_parsing": N_("must be true or false"),
    "bool_type": N_("must be true or false"),
    "model_type": N_("must be an object"),
    "model_attributes_type": N_("must be an object"),
    "tuple_type": N_("must be a list"),
    "list_type": N_("must be a list"),
}
_PERCENT_HINT = N_("must be at most {limit} (percent, e.g. 3.5 rather than 35)")
# The hint's example is a milk fat; it fits milk composition, not digestibility (--de-percent 170)
# or Ym.
_COMPOSITION_FIELDS = ("fat_percent", "protein_percent", "lactose_percent")


def _path(location: tuple[int | str, ...]) -> str:
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "input"


def _translate(error: PydanticValidationError) -> ValidationError:
    first = error.errors(include_url=False)[0]
    location = tuple(first["loc"])
    context = first.get("ctx") or {}
    problem = context.get("error")
    if isinstance(problem, _FieldProblem):
        field = _path(location)
        field = f"{field}.{problem.field}" if field != "input" else problem.field
        return ValidationError(field=field, reason=problem.reason, **problem.params)
    kind = first["type"]
    field = _path(location)
    params: dict[str, Any] = {}
    for key in ("ge", "gt", "le", "lt"):
        if key in context:
            params["limit"] = context[key]
    if "expected" in context:
        params["allowed"] = context["expected"]
    reason = _PYDANTIC_REASONS.get(kind, N_("is not valid"))
    if kind == "less_than_equal" and field.endswith(_COMPOSITION_FIELDS):
        reason = _PERCENT_HINT
    if "input" in first and isinstance(first["input"], str | int | float | bool):
        params["value"] = first["input"]
    return ValidationError(field=field, reason=reason, **params)


def validate_model(model: type[M], data: dict[str, Any]) -> M:
    """Validate ``data`` into ``model``, turning pydantic's errors into a field-named error."""
    try:
        return model.model_validate(data)
    except PydanticValidationError as error:
        raise _translate(error) from None


def parse_farm(data: dict[str, Any]) -> FarmInput:
    """Validate a mapping into a :class:`FarmInput`, or raise a ValidationError naming the field."""
    if not isinstance(data, dict):
        raise ValidationError(field="input", reason=N_("must be an object"))
    return validate_model(FarmInput, data)


def read_farm_json(source: str | Path | bytes) -> FarmInput:
    """Read a farm from a JSON file path or from JSON bytes."""
    if isinstance(source, bytes):
        raw = source
    else:
        try:
            raw = Path(source).read_bytes()
        except OSError:
            raise ValidationError(
                field="file", reason=N_("cannot be read"), value=str(source)
            ) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError(field="file", reason=N_("is not valid JSON")) from None
    return parse_farm(data)
