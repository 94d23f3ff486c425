"""Carbon pages: enter or upload a farm year, see its footprint, compare scenarios, the dashboard.

Everything computed here goes through the capability's public functions (``check_farm``,
``footprint``, ``compare_scenarios``, ``monte_carlo``, ``save_assessment`` …); the pages only
turn form fields into a farm input and results into HTML. Adding or removing a cohort row posts
the form back (htmx swaps just the form when JavaScript is on; without it the page reloads).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from ipcenter import carbon
from ipcenter.accounts import Caller, Permission, list_organisations
from ipcenter.core.errors import IpcenterError, ValidationError
from ipcenter.core.i18n import N_, gettext
from ipcenter.web.csrf import verify_csrf
from ipcenter.web.deps import LanguageDep, SessionDep, requires
from ipcenter.web.templating import render as render_page

router = APIRouter(prefix="/carbon", include_in_schema=False)
Reader = Annotated[Caller, Depends(requires(Permission.CARBON_READ))]
Writer = Annotated[Caller, Depends(requires(Permission.CARBON_WRITE))]

MONTE_CARLO_DRAWS = 2_000  # on the results page; the report runs 10,000
REPORT_DRAWS = 10_000
EXAMPLE = "inner_mongolia_housed.json"
SCOPE_SHORT = {"scope1": N_("Scope 1"), "scope2": N_("Scope 2"), "scope3": N_("Scope 3")}
VOCABULARIES = (
    "cohort_kind",
    "feeding",
    "climate_zone",
    "manure_system",
    "province",
    "grid",
    "feed",
    "productivity",
)


def _summary_message(error: IpcenterError, field: str, lang: str) -> str:
    """The error for the summary above the form, naming a cohort field by its label."""
    label = carbon.field_label(field, lang) if isinstance(error, ValidationError) else None
    if label is None:
        return error.render(gettext)
    return ValidationError(error.template, **{**error.params, "field": label}).render(gettext)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """A carbon page; ``t`` translates a msgid held in a variable (labels and units contain
    ``%``, which Jinja's own ``_()`` would treat as a format)."""
    return render_page(request, name, status_code, t=gettext, field_id=_field_id, **context)


# ---------------------------------------------------------------------------------------------
# Lists and entry


@router.get("")
def index(request: Request, session: SessionDep, caller: Reader) -> Response:
    rows = [
        carbon.assessment_summary(a, f)
        for a, f in carbon.list_assessments(session, scope=caller.scope)
    ]
    return render(
        request,
        "carbon/index.html",
        rows=rows,
        problems=[],
        owners=_owners(session, caller),
        gwp_sets=carbon.gwp_sets(),
    )


def _options(lang: str) -> dict[str, list[tuple[str, str]]]:
    return {name: carbon.choices_for(name, lang) for name in VOCABULARIES}


def _empty_farm() -> dict[str, Any]:
    return {
        "cohorts": [{"kind": "lactating", "feeding": "stall"}],
        "sales": {},
        "year": "",
    }


def _example_farm() -> dict[str, Any]:
    path = resources.files("ipcenter").joinpath("data", "carbon", "examples", EXAMPLE)
    farm = carbon.read_farm_json(path.read_bytes())
    return farm.model_dump(mode="json")


def _render_form(
    request: Request,
    lang: str,
    data: dict[str, Any],
    *,
    errors: Sequence[IpcenterError] = (),
    gwp: str = "AR6",
    owners: Sequence[tuple[int, str]] = (),
    owner: int | None = None,
    status_code: int = 200,
) -> Response:
    by_field: dict[str, list[str]] = {}
    problems: list[tuple[str, str]] = []
    for error in errors:
        field = str(error.params.get("field", ""))
        by_field.setdefault(field, []).append(_reason(error))
        problems.append((_field_id(field), _summary_message(error, field, lang)))
    cohorts = max(1, carbon.cohort_count(data))
    values = carbon.flatten(data)
    return render(
        request,
        "carbon/form.html",
        status_code=status_code,
        form=carbon.ENTRY_FORM,
        values=values,
        hidden={path: v for path, v in values.items() if not carbon.shown_on_form(path)},
        errors=by_field,
        problems=problems,
        cohorts=cohorts,
        options=_options(lang),
        gwp=gwp,
        gwp_sets=carbon.gwp_sets(),
        farm_path=carbon.farm_path,
        owners=owners,
        owner=owner,
    )


OWNER_KINDS = ("farm", "company", "centre")


def _owners(session: Session, caller: Caller) -> list[tuple[int, str]]:
    """Organisations the caller may enter farms for: its own, and for centre staff the farms and
    companies the centre serves (the choice is offered only when there is one)."""
    return [
        (org.id, org.name)
        for org in list_organisations(session, scope=caller.scope)
        if org.kind in OWNER_KINDS
    ]


def _owner(form_value: Any, caller: Caller) -> int:
    text = str(form_value or "")
    return int(text) if text.isdigit() else caller.org_id


def _reason(error: IpcenterError) -> str:
    """The reason alone, for beside the field (the summary above the form says which field)."""
    reason = error.params.get("reason")
    if not isinstance(reason, str) or not reason:
        return error.render(gettext)
    try:
        return gettext(reason).format(**error.params)
    except (KeyError, IndexError, ValueError):
        return error.render(gettext)


def _field_id(path: str) -> str:
    """The HTML id of a field path's input (``cohorts[0].head`` → ``f-cohorts-0-head``)."""
    return "f-" + path.replace("[", "-").replace("]", "").replace(".", "-")


@router.get("/new")
def new_farm(
    request: Request,
    session: SessionDep,
    caller: Writer,
    lang: LanguageDep,
    example: str | None = None,
    start_from: Annotated[int | None, Query(alias="from")] = None,
) -> Response:
    """The empty form; ``?example=1`` fills in the example farm, ``?from=ID`` a stored year."""
    if start_from is not None:
        assessment, _farm = carbon.get_assessment(session, start_from, scope=caller.scope)
        data = dict(assessment.inputs)
    elif example:
        data = _example_farm()
    else:
        data = _empty_farm()
    return _render_form(request, lang, data, owners=_owners(session, caller), owner=caller.org_id)


@router.post("/new", dependencies=[Depends(verify_csrf)])
async def submit_farm(
    request: Request, session: SessionDep, caller: Writer, lang: LanguageDep
) -> Response:
    form = await request.form()
    pairs = [(key, value) for key, value in form.multi_items() if isinstance(value, str)]
    action = str(form.get("action") or "compute")
    gwp = str(form.get("gwp") or "AR6")
    owner = _owner(form.get("owner_org"), caller)
    data = carbon.nest_form(pairs)
    owners = _owners(session, caller)

    def again(
        data: dict[str, Any], errors: Sequence[IpcenterError] = (), status: int = 200
    ) -> Response:
        return _render_form(
            request,
            lang,
            data,
            errors=errors,
            gwp=gwp,
            owners=owners,
            owner=owner,
            status_code=status,
        )

    if action == "add_cohort":
        cohorts = list(data.get("cohorts") or [{}])
        if len(cohorts) < carbon.ENTRY_FORM.max_cohorts:
            cohorts.append({"kind": "dry", "feeding": "stall"})
        return again({**data, "cohorts": cohorts})
    if action.startswith("remove_cohort:"):
        index = action.partition(":")[2]
        if index.isdigit():
            data = carbon.remove_cohort(data, int(index))
        return again(data)
    farm, problems = carbon.check_farm(data)
    if farm is None:
        return again(data, problems, 422)
    try:
        result = carbon.footprint(farm, gwp=gwp)
    except IpcenterError as error:
        return again(data, [error], 422)
    assessment = _save(session, caller, farm, result, gwp, owner)
    return RedirectResponse(f"/carbon/assessments/{assessment.id}", status_code=303)


def _save(
    session: Session,
    caller: Caller,
    farm: carbon.FarmInput,
    result: carbon.FootprintResult,
    gwp: str,
    owner: int,
) -> carbon.CarbonAssessment:
    try:
        comparison = carbon.compare_scenarios(farm, gwp=gwp)
    except IpcenterError:
        # A scenario that cannot apply to this farm leaves the comparison out, not the result.
        comparison = None
    return carbon.save_assessment(
        session,
        farm=farm,
        result=result,
        org_id=owner,
        scope=caller.scope,
        created_by=caller.username,
        scenarios=comparison,
    )


@router.post("/upload", dependencies=[Depends(verify_csrf)])
async def upload_workbook(
    request: Request,
    session: SessionDep,
    caller: Writer,
    workbook: Annotated[UploadFile, File()],
    owner_org: Annotated[str, Form()] = "",
    gwp: Annotated[str, Form()] = "AR6",
) -> Response:
    """Every farm of a filled-in template; none is stored unless all of them are valid."""
    owner = _owner(owner_org, caller)
    data = await workbook.read()
    problems: list[str] = []
    farms: list[carbon.FarmInput] = []
    try:
        for item in carbon.read_workbook_farms(data, filename=workbook.filename):
            problems += [problem.render(gettext) for problem in item.problems]
            if item.farm is not None:
                farms.append(item.farm)
    except IpcenterError as error:
        problems.append(error.render(gettext))
    results = []
    if not problems:
        for farm in farms:
            try:
                results.append((farm, carbon.footprint(farm, gwp=gwp)))
            except IpcenterError as error:
                problems.append(f"{farm.farm_name}: {error.render(gettext)}")
    if problems:
        rows = [
            carbon.assessment_summary(a, f)
            for a, f in carbon.list_assessments(session, scope=caller.scope)
        ]
        return render(
            request,
            "carbon/index.html",
            status_code=422,
            rows=rows,
            problems=problems,
            owners=_owners(session, caller),
            gwp_sets=carbon.gwp_sets(),
        )
    saved = [_save(session, caller, farm, result, gwp, owner) for farm, result in results]
    target = f"/carbon/assessments/{saved[0].id}" if len(saved) == 1 else "/carbon"
    return RedirectResponse(target, status_code=303)


@router.get("/template.xlsx")
def download_template(caller: Reader, lang: LanguageDep) -> Response:
    return Response(
        carbon.template_workbook(lang),
        media_type=carbon.XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": 'attachment; filename="carbon-farm-template.xlsx"'},
    )


# ---------------------------------------------------------------------------------------------
# One assessment


def _loaded(
    session: Session, assessment_id: int, caller: Caller
) -> tuple[carbon.CarbonAssessment, carbon.CarbonFarm, carbon.FarmInput, carbon.FootprintResult]:
    assessment, farm = carbon.get_assessment(session, assessment_id, scope=caller.scope)
    return (
        assessment,
        farm,
        carbon.parse_farm(assessment.inputs),
        carbon.FootprintResult.model_validate(assessment.results),
    )


def _comparison(
    assessment: carbon.CarbonAssessment, result: carbon.FootprintResult
) -> carbon.ScenarioComparison:
    diffs = tuple(carbon.ScenarioDiff.model_validate(d) for d in assessment.scenario_results)
    return carbon.ScenarioComparison(baseline=result, scenarios=diffs)


def _spread(farm: carbon.FarmInput, gwp: str, draws: int) -> carbon.MonteCarloResult | None:
    try:
        return carbon.monte_carlo(farm, n=draws, seed=0, gwp=gwp)
    except IpcenterError:
        return None


@router.get("/assessments/{assessment_id}")
def assessment_page(
    request: Request, assessment_id: int, session: SessionDep, caller: Reader
) -> Response:
    assessment, farm, farm_input, result = _loaded(session, assessment_id, caller)
    return render(
        request,
        "carbon/result.html",
        assessment=carbon.assessment_summary(assessment, farm),
        result=result,
        spread=_spread(farm_input, result.gwp.name, MONTE_CARLO_DRAWS),
        sources=[(k, v) for k, v in result.by_source.items() if v],
        choice=carbon.choice_label,
        source_labels=_labels("source", carbon.SOURCES),
        scope_labels={key: gettext(text) for key, text in SCOPE_SHORT.items()},
    )


def _labels(vocabulary: str, keys: Any) -> dict[str, str]:
    return {key: carbon.choice_label(vocabulary, key) for key in keys}


@router.get("/assessments/{assessment_id}/scenarios")
def scenarios_page(
    request: Request, assessment_id: int, session: SessionDep, caller: Reader
) -> Response:
    assessment, farm, _farm_input, result = _loaded(session, assessment_id, caller)
    comparison = _comparison(assessment, result)
    return render(
        request,
        "carbon/scenarios.html",
        assessment=carbon.assessment_summary(assessment, farm),
        comparison=comparison,
        sources=[
            source
            for source in carbon.SOURCES
            if result.by_source[source]
            or any(d.result.by_source[source] for d in comparison.scenarios)
        ],
        choice=carbon.choice_label,
        chart_names=[
            gettext("Baseline"),
            *(carbon.choice_label("scenario", d.name) for d in comparison.scenarios),
        ],
        chart_values=[
            round(result.kg_co2e_per_kg_fpcm, 4),
            *(round(d.result.kg_co2e_per_kg_fpcm, 4) for d in comparison.scenarios),
        ],
    )


@router.get("/assessments/{assessment_id}/report")
def report_download(
    assessment_id: int,
    session: SessionDep,
    caller: Reader,
    lang: LanguageDep,
    format: str = "docx",
) -> Response:
    if format not in ("docx", "html"):
        raise ValidationError(
            field="format",
            value=format,
            reason=N_("must be one of {allowed}"),
            allowed="docx, html",
        )
    assessment, _farm, farm_input, result = _loaded(session, assessment_id, caller)
    report = carbon.build_report(
        farm_input,
        result,
        lang=lang,
        comparison=_comparison(assessment, result),
        monte_carlo=_spread(farm_input, result.gwp.name, REPORT_DRAWS),
        organisation=caller.org_name,
        demo_fields=assessment.demo_fields or (),
    )
    name = f"carbon-report-{assessment.id}-{lang}.{format}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if format == "docx":
        return Response(
            carbon.report_docx(report), media_type=carbon.DOCX_MEDIA_TYPE, headers=headers
        )
    return Response(
        carbon.report_html(report), media_type="text/html; charset=utf-8", headers=headers
    )


@router.get("/assessments/{assessment_id}/inputs.xlsx")
def inputs_download(
    assessment_id: int, session: SessionDep, caller: Reader, lang: LanguageDep
) -> Response:
    """The stored inputs as a filled-in template, to correct and upload again."""
    _assessment, _farm, farm_input, _result = _loaded(session, assessment_id, caller)
    return Response(
        carbon.farms_workbook([farm_input], lang),
        media_type=carbon.XLSX_MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="carbon-inputs-{assessment_id}.xlsx"'
        },
    )


# ---------------------------------------------------------------------------------------------
# Across farms


@router.get("/dashboard")
def dashboard(request: Request, session: SessionDep, caller: Reader) -> Response:
    summary = carbon.carbon_dashboard(session, scope=caller.scope)
    return render(
        request,
        "carbon/dashboard.html",
        summary=summary,
        bins=_histogram(summary),
        source_labels=_labels("source", carbon.SOURCES),
        source_order=list(carbon.SOURCES),
    )


def _histogram(summary: carbon.Dashboard) -> list[tuple[str, int]]:
    """Farm-years per 0.1 kg CO2e/kg FPCM band, for the distribution chart."""
    counts: dict[float, int] = {}
    for value in summary.intensities:
        band = round(int(value * 10) / 10, 1)
        counts[band] = counts.get(band, 0) + 1
    return [(f"{band:.1f}–{band + 0.1:.1f}", counts[band]) for band in sorted(counts)]
