"""The entry form's posted fields become the nested farm input, whatever a client sends."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ipcenter.carbon import check_farm, flatten, nest_form, parse_farm, remove_cohort
from tests.carbon.workbook_helpers import CASE_A_JSON


def test_the_form_fields_of_a_farm_rebuild_it() -> None:
    farm, problems = check_farm(nest_form(flatten(CASE_A_JSON).items()))
    assert not problems
    assert farm == parse_farm(CASE_A_JSON)


def test_empty_values_and_form_controls_are_left_out() -> None:
    data = nest_form(
        [("farm_name", " "), ("csrf_token", "t"), ("action", "compute"), ("year", "2024")]
    )
    assert data == {"year": "2024"}


def test_removing_a_cohort_keeps_the_others_in_order() -> None:
    data = nest_form([("cohorts[0].head", "1"), ("cohorts[1].head", "2"), ("cohorts[2].head", "3")])
    assert [c["head"] for c in remove_cohort(data, 1)["cohorts"]] == ["1", "3"]


PATH_PART = st.sampled_from(["cohorts", "manure", "head", "sales", "x", "[0]", "[1]", "[40]", "."])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(PATH_PART, max_size=5).map("".join), st.text(max_size=5))))
def test_any_posted_names_give_a_dict_or_field_problems_never_a_crash(
    pairs: list[tuple[str, str]],
) -> None:
    data = nest_form(pairs)
    assert isinstance(data, dict)
    farm, problems = check_farm(data)
    assert (farm is None) == bool(problems)
    for problem in problems:
        assert problem.params.get("field")
