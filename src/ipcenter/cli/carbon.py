"""`ipcenter carbon ...`: the dairy carbon footprint and its building blocks.

``footprint`` runs a whole farm (JSON or the XLSX template); ``enteric``, ``fpcm`` and
``allocation`` compute one equation each, so a number can be checked by hand. The product
commands (batch runs and the like) are added by :mod:`ipcenter.cli.carbon_product`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from ipcenter import carbon
from ipcenter.cli import carbon_product
from ipcenter.cli.common import JsonOption, LangOption, emit, reports_errors
from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_, gettext

group = typer.Typer(
    help="Dairy farm carbon footprint (IPCC 2019 Tier 2, IDF 2022).", no_args_is_help=True
)

FarmPath = Annotated[
    Path, typer.Argument(help="Farm file: JSON (FarmInput) or the XLSX template, filled in.")
]
GwpOption = Annotated[
    str, typer.Option("--gwp", help="GWP100 set: AR4, AR5, AR5-feedback, AR6, AR6-split.")
]


def register(app: typer.Typer) -> None:
    """Add the ``carbon`` command group to ``app``."""
    app.add_typer(group, name="carbon")
    carbon_product.add_commands(group)


def read_farm(path: Path) -> carbon.FarmInput:
    """A farm from a JSON file or from the filled-in XLSX template."""
    if path.suffix.lower() == ".xlsx":
        try:
            data = path.read_bytes()
        except OSError:
            raise ValidationError(
                field="file", reason=N_("cannot be read"), value=str(path)
            ) from None
        return carbon.read_farm_workbook(data, filename=path.name)
    return carbon.read_farm_json(path)


@group.command("footprint")
@reports_errors
def footprint_command(
    farm_file: FarmPath,
    gwp: GwpOption = "AR6",
    scenario: Annotated[
        str | None,
        typer.Option("--scenario", help="Mitigation scenario: " + ", ".join(carbon.SCENARIOS)),
    ] = None,
    monte_carlo: Annotated[
        int | None, typer.Option("--monte-carlo", help="Number of Monte Carlo draws.")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the Monte Carlo draws.")] = 0,
    trace: Annotated[bool, typer.Option("--trace", help="Include every computed step.")] = False,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """The carbon footprint of one farm year: per kg FPCM, by source, gas and scope."""
    farm = read_farm(farm_file)
    result = carbon.footprint(farm, gwp=gwp, scenario=scenario)
    data: dict[str, Any] = result.model_dump(mode="json", exclude=set() if trace else {"trace"})
    lines = [
        gettext("Farm: {name} ({year})").format(name=result.farm_name, year=result.year),
        gettext("FPCM sold: {value} kg").format(value=f"{result.fpcm_kg:,.0f}"),
        gettext("Allocation to milk: {value}").format(value=f"{result.allocation_milk:.3f}"),
        gettext("Total: {value} kg CO2e").format(value=f"{result.total_kg_co2e:,.0f}"),
        gettext("Intensity: {value} kg CO2e per kg FPCM").format(
            value=f"{result.kg_co2e_per_kg_fpcm:.3f}"
        ),
    ]
    lines += [f"  {key}: {value:,.0f}" for key, value in result.by_source.items() if value]
    if monte_carlo is not None:
        spread = carbon.monte_carlo(farm, n=monte_carlo, seed=seed, gwp=gwp, scenario=scenario)
        data.update(p5=spread.p5, p50=spread.p50, p95=spread.p95, monte_carlo=spread.model_dump())
        lines.append(
            gettext("Monte Carlo ({n} draws): P5 {p5}, P50 {p50}, P95 {p95}").format(
                n=spread.n, p5=f"{spread.p5:.3f}", p50=f"{spread.p50:.3f}", p95=f"{spread.p95:.3f}"
            )
        )
    emit(data, as_json=as_json, human="\n".join(lines))


@group.command("enteric")
@reports_errors
def enteric_command(
    body_weight: Annotated[float, typer.Option("--body-weight", help="Body weight, kg.")],
    de_percent: Annotated[
        float, typer.Option("--de-percent", help="Digestibility of the diet, % of GE.")
    ],
    milk_kg_day: Annotated[float, typer.Option("--milk-kg-day", help="Milk, kg/day.")],
    fat_percent: Annotated[float, typer.Option("--fat-percent", help="Milk fat, %.")],
    feeding: Annotated[
        str, typer.Option("--feeding", help="Feeding situation: stall, pasture or grazing.")
    ],
    pregnant_share: Annotated[
        float, typer.Option("--pregnant-share", help="Share of the animals pregnant, 0-1.")
    ],
    ym: Annotated[
        float | None,
        typer.Option("--ym", help="Ym, % of GE (default: IPCC productivity class)."),
    ] = None,
    weight_gain_kg_day: Annotated[
        float, typer.Option("--weight-gain-kg-day", help="Weight gain, kg/day.")
    ] = 0.0,
    mature_weight: Annotated[
        float | None,
        typer.Option("--mature-weight", help="Mature body weight for NEg, kg (default: BW)."),
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", help="Cohort: lactating, dry, heifer, calf or bull.")
    ] = "lactating",
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """IPCC 2019 Tier 2 enteric CH4 of one animal (Eq. 10.3-10.21)."""
    with _options_named(
        body_weight_kg="--body-weight", mature_weight_kg="--mature-weight", ym_percent="--ym"
    ):
        result = carbon.enteric_animal(
            kind=kind,
            body_weight_kg=body_weight,
            milk_kg_day=milk_kg_day,
            fat_percent=fat_percent,
            de_percent=de_percent,
            feeding=feeding,
            pregnant_share=pregnant_share,
            ym_percent=ym,
            weight_gain_kg_day=weight_gain_kg_day,
            mature_weight_kg=mature_weight,
        )
    data = result.model_dump()
    human = "\n".join(f"{key}: {value}" for key, value in data.items())
    emit(data, as_json=as_json, human=human)


@group.command("fpcm")
@reports_errors
def fpcm_command(
    milk_kg: Annotated[float, typer.Option("--milk-kg", help="Milk, kg.")],
    fat_percent: Annotated[float, typer.Option("--fat-percent", help="Fat, %.")],
    protein_percent: Annotated[float, typer.Option("--protein-percent", help="True protein, %.")],
    method: Annotated[str, typer.Option("--method", help="idf (default) or energy_ratio.")] = "idf",
    lactose_percent: Annotated[
        float, typer.Option("--lactose-percent", help="Lactose, % (energy_ratio only).")
    ] = 4.8,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Fat- and protein-corrected milk (IDF 2022 formula, or the energy-ratio convention)."""
    with _options_named():
        value = carbon.checked_fpcm(
            milk_kg=milk_kg,
            fat_percent=fat_percent,
            protein_percent=protein_percent,
            method=method,
            lactose_percent=lactose_percent,
        )
    emit({"fpcm_kg": value, "method": method}, as_json=as_json, human=f"{value:.3f}")


@group.command("allocation")
@reports_errors
def allocation_command(
    meat_sold_kg: Annotated[
        float, typer.Option("--meat-sold-kg", help="Live weight sold minus bought, kg.")
    ],
    fpcm_sold_kg: Annotated[float, typer.Option("--fpcm-sold-kg", help="FPCM sold, kg.")],
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """IDF biophysical allocation factor to milk: 1 - 6.04 x meat sold / FPCM sold.

    Refused when no FPCM is sold or the factor would be negative (BMR above 1/6.04).
    """
    with _options_named():
        result = carbon.checked_allocation(meat_sold_kg=meat_sold_kg, fpcm_sold_kg=fpcm_sold_kg)
    emit(result, as_json=as_json, human=f"{result.allocation_milk:.4f}")


@contextmanager
def _options_named(**options: str) -> Iterator[None]:
    """Name the command-line option (``--fat-percent``) in errors instead of the field;
    ``options`` maps the fields whose option is not simply the field with dashes."""
    try:
        yield
    except ValidationError as error:
        field = error.params.get("field")
        if not isinstance(field, str) or field.startswith("--"):
            raise
        option = options.get(field) or "--" + field.replace("_", "-")
        params = {**error.params, "field": option}
        raise ValidationError(error.template, **params) from None
