"""Indicators on the hand-built registry (tests/stats/registry.py); every figure by hand below."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from ipcenter.core.errors import ValidationError
from ipcenter.core.scoping import OrgScope
from ipcenter.stats import (
    IndicatorReport,
    compute_indicators,
    load_awards,
    load_sei_rules,
    parse_as_of,
    population_for,
    population_year,
    region_table,
)
from tests.stats.registry import BEFORE, NOW, build, copy_into_other_registry

EVERYTHING = OrgScope.everything()


def by_id(report: IndicatorReport) -> dict[str, object]:
    return {entry.id: entry for entry in report.indicators}


def test_valid_invention_patents_mainland(session: Session) -> None:
    """Domestic valid CN inventions, mainland, 2024-12-31: A B C H K L M N O P = 10 (D pending,
    E's term ended 2024-12-30, I invalidated 2024-06-01, F foreign, G Hong Kong, J utility model,
    Q a US owner). On 2023-12-31: A E H I L M N O P = 9 (B lapsed 2023-03-01 until restored
    2024-02-01, C granted 2024-12-31, K granted 2024-03-03). YoY (10 − 9) / 9 = 0.1111."""
    build(session)
    report = compute_indicators(session, as_of=NOW, scope=EVERYTHING)
    entry = by_id(report)["valid_invention_patents"]
    assert (entry.value, entry.previous_value) == (10, 9)  # type: ignore[attr-defined]
    assert entry.yoy == pytest.approx(1 / 9)  # type: ignore[attr-defined]
    assert entry.previous_as_of == BEFORE  # type: ignore[attr-defined]


def test_first_patentee_attribution_and_per_10k(session: Session) -> None:
    """Inner Mongolia (15): 2024-12-31 A B C K L M N O P = 9 (H goes to Beijing, its first
    owner, though its first applicant is in Hohhot); 2023-12-31 A E I L M N O P = 8; YoY 1/8.
    Per 10,000: 9 ÷ 2,388 (2024 year-end) = 0.0037688; a year earlier 8 ÷ 2,396.0 (2023)."""
    build(session)
    report = compute_indicators(session, as_of=NOW, scope=EVERYTHING, region_code="150000")
    entries = by_id(report)
    valid = entries["valid_invention_patents"]
    assert (valid.value, valid.previous_value) == (9, 8)  # type: ignore[attr-defined]
    assert valid.yoy == pytest.approx(0.125)  # type: ignore[attr-defined]
    per = entries["valid_invention_patents_per_10k"]
    assert per.value == pytest.approx(9 / 2388)  # type: ignore[attr-defined]
    assert per.previous_value == pytest.approx(8 / 2396.0)  # type: ignore[attr-defined]
    assert per.breakdown["population_year"] == 2024  # type: ignore[attr-defined]
    beijing = compute_indicators(session, as_of=NOW, scope=EVERYTHING, region_code="110000")
    assert by_id(beijing)["valid_invention_patents"].value == 1  # type: ignore[attr-defined]
    # Level: a city code read at province level is its province.
    as_province = compute_indicators(
        session, as_of=NOW, scope=EVERYTHING, region_code="150100", level="province"
    )
    assert by_id(as_province)["valid_invention_patents"].value == 9  # type: ignore[attr-defined]
    hohhot = compute_indicators(session, as_of=NOW, scope=EVERYTHING, region_code="150100")
    # Hohhot: A C K L M N O P = 8 (B is Baotou's).
    assert by_id(hohhot)["valid_invention_patents"].value == 8  # type: ignore[attr-defined]


def test_per_10k_uses_the_latest_year_ended_and_reproduces_a_published_ratio() -> None:
    """Inner Mongolia, end of March 2024: 13,398 valid invention patents published as 5.59 per
    10,000 (nmgips.cn, registry_stats.md §3). The year ended before 2024-03-31 is 2023, whose
    year-end population is 2,396.0万: 13,398 ÷ 2,396.0 = 5.5918 → 5.59. On 31 Dec the year itself
    counts; July 2021 uses 2020 (2,402.8: 7,672 ÷ 2,402.8 = 3.193 → published 3.19)."""
    assert population_year(dt.date(2024, 3, 31)) == 2023
    assert population_year(dt.date(2024, 12, 31)) == 2024
    population = population_for("150000", population_year(dt.date(2024, 3, 31)))
    assert population is not None
    assert round(13398 / population.population_10k, 2) == 5.59
    july = population_for("150000", population_year(dt.date(2021, 7, 31)))
    assert july is not None
    assert round(7672 / july.population_10k, 2) == 3.19


def test_per_10k_without_a_population_is_null_with_a_reason(session: Session) -> None:
    """Beijing has no row in the shipped population table: value null, reason given."""
    build(session)
    report = compute_indicators(session, as_of=NOW, scope=EVERYTHING, region_code="110000")
    entry = by_id(report)["valid_invention_patents_per_10k"]
    assert entry.value is None  # type: ignore[attr-defined]
    assert "110000" in (entry.reason or "")  # type: ignore[attr-defined]


def test_each_high_value_flag(session: Session) -> None:
    """Inner Mongolia, 2024-12-31, of the 9 valid: SEI = K (export column), L (IPC H04L), M
    (A23C 9/12 with 乳酸菌 in the title) = 3 — N lacks the keyword, P's export column is present
    and empty so its H04L does not count; foreign family = 0 (H, the only one, is Beijing's);
    maintained > 10 years (filed on or before 2014-12-30) = A = 1; award = O = 1. Union
    A K L M O = 5; share 5/9; per 10,000 5 ÷ 2,388.
    2023-12-31: SEI L M = 2; maintained (filed ≤ 2013-12-30) A E = 2; award O (2022) = 1;
    union A E L M O = 5. Mainland 2024: H adds the foreign-family flag: union 6."""
    build(session)
    report = compute_indicators(session, as_of=NOW, scope=EVERYTHING, region_code="150000")
    entries = by_id(report)
    high = entries["high_value_invention_patents"]
    assert high.value == 5  # type: ignore[attr-defined]
    assert high.breakdown["flags"] == {  # type: ignore[attr-defined]
        "sei": 3,
        "foreign_family": 0,
        "maintained_10y": 1,
        "award": 1,
        "pledge": None,
    }
    assert high.breakdown["share_of_valid"] == pytest.approx(5 / 9)  # type: ignore[attr-defined]
    assert high.previous_value == 5  # type: ignore[attr-defined]
    assert high.breakdown["previous_flags"]["sei"] == 2  # type: ignore[attr-defined]
    assert high.breakdown["previous_flags"]["maintained_10y"] == 2  # type: ignore[attr-defined]
    assert high.yoy == 0  # type: ignore[attr-defined]
    per = entries["high_value_invention_patents_per_10k"]
    assert per.value == pytest.approx(5 / 2388)  # type: ignore[attr-defined]
    mainland = by_id(compute_indicators(session, as_of=NOW, scope=EVERYTHING))
    flags = mainland["high_value_invention_patents"].breakdown["flags"]  # type: ignore[attr-defined]
    assert flags["foreign_family"] == 1
    assert mainland["high_value_invention_patents"].value == 6  # type: ignore[attr-defined]


def test_maintained_more_than_ten_years_boundary(session: Session) -> None:
    """A (filed 2010-03-01) has been maintained more than 10 years since 2020-03-02: on
    2020-03-01 exactly 10 years (not more), on 2020-03-02 more. Inner Mongolia's other valid
    patents on those days: E (filed 2004-12-31, flagged both days); B was granted 2020-06-01 and
    the rest later. Flag 1 (E) on 2020-03-01, then 2 (A, E)."""
    build(session)

    def maintained(day: dt.date) -> int:
        report = compute_indicators(session, as_of=day, scope=EVERYTHING, region_code="150000")
        return by_id(report)["high_value_invention_patents"].breakdown["flags"]["maintained_10y"]  # type: ignore[attr-defined,no-any-return]

    assert maintained(dt.date(2020, 3, 1)) == 1
    assert maintained(dt.date(2020, 3, 2)) == 2


def test_trademarks_gis_pledges_mediation(session: Session) -> None:
    """Mainland, 2024-12-31. Trademarks in force: T1 (2015-03-14 → 2025-03-13), T2 (2024-05-01),
    T3 (2024-12-20) = 3; 2023-12-31: T1 = 1 (T4 expired 2019-12-31, T5 foreign, T6
    invalidated); YoY 2.0. CNIPA window containing 2024-12-31 starts 2024-12-16: T3 = 1.
    GI products approved by 2024-12-31: 乳品甲, 乳品乙 = 2 (2023: 1); marks 乳品丙 = 1. National
    totals dated on or before 2024-12-31: 2,495 products and 7,013 marks (2022-10-31): shares
    2/2495 and 1/7013. PE01 pledges 2024-01-01..2024-12-31: A (03-01), L (07-01) = 2; 2023: A = 1;
    amounts unknown → null. Mediation: no disputes capability → null."""
    build(session)
    entries = by_id(compute_indicators(session, as_of=NOW, scope=EVERYTHING))
    marks = entries["valid_trademarks"]
    assert (marks.value, marks.previous_value, marks.yoy) == (3, 1, 2.0)  # type: ignore[attr-defined]
    assert marks.breakdown["registrations_in_window"] == 1  # type: ignore[attr-defined]
    assert marks.breakdown["window_start"] == "2024-12-16"  # type: ignore[attr-defined]
    products = entries["gi_products"]
    assert (products.value, products.previous_value) == (2, 1)  # type: ignore[attr-defined]
    assert products.breakdown["share_of_national"] == pytest.approx(2 / 2495)  # type: ignore[attr-defined]
    assert products.breakdown["national_count_date"] == "2022-10-31"  # type: ignore[attr-defined]
    gi_marks = entries["gi_marks"]
    assert gi_marks.value == 1  # type: ignore[attr-defined]
    assert gi_marks.breakdown["share_of_national"] == pytest.approx(1 / 7013)  # type: ignore[attr-defined]
    pledge = entries["pledge_amount"]
    assert pledge.value is None and pledge.reason  # type: ignore[attr-defined]
    assert (pledge.breakdown["count"], pledge.breakdown["previous_count"]) == (2, 1)  # type: ignore[attr-defined]
    mediation = entries["mediation_success_rate"]
    assert mediation.value is None and mediation.reason  # type: ignore[attr-defined]


def test_scope_limits_the_records(session: Session) -> None:
    """An organisation that holds none of the records sees zero everywhere."""
    build(session)
    report = compute_indicators(session, as_of=NOW, scope=OrgScope.only(999))
    assert by_id(report)["valid_invention_patents"].value == 0  # type: ignore[attr-defined]


def test_region_table_drills_down(session: Session) -> None:
    """Provinces at 2024-12-31: 11 Beijing = 1 (H), 15 Inner Mongolia = 9. Inner Mongolia's
    cities: 150100 Hohhot = 8, 150200 Baotou = 1 (B; 2023: lapsed → 0, YoY none)."""
    build(session)
    provinces = region_table(session, as_of=NOW, scope=EVERYTHING, parent=None)
    assert {r.code: r.valid_invention_patents for r in provinces} == {"110000": 1, "150000": 9}
    cities = region_table(session, as_of=NOW, scope=EVERYTHING, parent="150000")
    assert {r.code: r.valid_invention_patents for r in cities} == {"150100": 8, "150200": 1}
    baotou = next(r for r in cities if r.code == "150200")
    assert baotou.previous_valid_invention_patents == 0 and baotou.yoy is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"region_code": "15"}, "region"),
        ({"region_code": "999999"}, "region"),
        ({"level": "village"}, "level"),
        ({"region_code": "150000", "level": "county"}, "level"),
    ],
)
def test_bad_region_or_level_names_the_field(
    session: Session, kwargs: dict[str, str], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        compute_indicators(session, as_of=NOW, scope=EVERYTHING, **kwargs)  # type: ignore[arg-type]
    assert caught.value.params["field"] == field


def test_bad_date_names_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_as_of("2024-13-01")
    assert caught.value.params["field"] == "as_of"


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31"])
def test_a_date_outside_the_snapshot_span_is_refused(day: str) -> None:
    """QA: 0001-01-01 and 9999-12-31 crashed in the year-earlier and trend arithmetic."""
    with pytest.raises(ValidationError) as caught:
        parse_as_of(day)
    assert caught.value.params["field"] == "as_of" and day in str(caught.value)


def test_uploaded_concordance_replaces_the_shipped_one(session: Session) -> None:
    """Upload a concordance with the single row A23C 9/12 (no keyword): in Inner Mongolia on
    2024-12-31, SEI = K (its export column still decides), M and N (both A23C 9/12) = 3; L's
    H04L no longer counts."""
    build(session)
    load_sei_rules(
        session,
        "sector_code,sector_zh,ipc_prefix,keyword,source\n4,生物产业,A23C 9/12,,test row\n",
    )
    report = compute_indicators(session, as_of=NOW, scope=EVERYTHING, region_code="150000")
    flags = by_id(report)["high_value_invention_patents"].breakdown["flags"]  # type: ignore[attr-defined]
    assert flags["sei"] == 3


@pytest.mark.parametrize(
    ("loader", "csv_text", "field"),
    [
        ("sei", "sector_code,sector_zh,ipc_prefix,keyword,source\n1,x,H,,s\n", "ipc_prefix"),
        ("sei", "sector_code,sector_zh,ipc_prefix,keyword,source\n1,x,H04L,,\n", "source"),
        ("sei", "sector_code,ipc_prefix\n1,H04L\n", "sei_rules"),
        ("awards", "application_number,award,year,source\n201710601862.3,金奖,2020,s\n", "award"),
        (
            "awards",
            "application_number,award,year,source\n201710601862.3,中国专利金奖,x,s\n",
            "year",
        ),
    ],
)
def test_bad_uploads_name_row_and_field(
    session: Session, loader: str, csv_text: str, field: str
) -> None:
    load = load_sei_rules if loader == "sei" else load_awards
    with pytest.raises(ValidationError) as caught:
        load(session, csv_text)
    assert caught.value.params["field"].endswith(field)


def test_a_patent_in_two_registries_counts_once(session: Session) -> None:
    """A copy of A in a second organisation's registry: the mainland still has 10 valid
    invention patents at 2024-12-31 (A counted once); that organisation alone sees 1."""
    ids = build(session)
    other = copy_into_other_registry(session, ids["A"], filed="2010-03-01", granted="2013-05-01")
    mainland = by_id(compute_indicators(session, as_of=NOW, scope=EVERYTHING))
    assert mainland["valid_invention_patents"].value == 10  # type: ignore[attr-defined]
    alone = by_id(compute_indicators(session, as_of=NOW, scope=OrgScope.only(other)))
    assert alone["valid_invention_patents"].value == 1  # type: ignore[attr-defined]


def test_indications_without_an_approval_date_are_named_not_hidden(session: Session) -> None:
    """QA: every GI of the demo set lacks an approval date and the card said 0 with no word.
    The hand-built registry's 2 products stay 2; the undated 乳品丁 is reported (1), not
    counted, and the marks (none undated) carry no such reason."""
    from ipcenter.rights import GeographicalIndicationIn, Patent, add_geographical_indication

    ids = build(session)
    org = session.get(Patent, next(iter(ids.values())))
    assert org is not None
    add_geographical_indication(
        session,
        GeographicalIndicationIn.model_validate(
            {"product_name": "乳品丁", "regime": "gi_product", "region_code": "150100"}
        ),
        org_id=org.org_id,
    )
    session.flush()
    entries = by_id(compute_indicators(session, as_of=NOW, scope=EVERYTHING))
    products = entries["gi_products"]
    assert products.value == 2  # type: ignore[attr-defined]
    assert products.reason and "1 " in products.reason  # type: ignore[attr-defined]
    assert entries["gi_marks"].reason is None  # type: ignore[attr-defined]
