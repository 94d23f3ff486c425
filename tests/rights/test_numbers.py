"""Patent numbers: CN application numbers and check digits, publication numbers, kind codes.

Expected values come from the sources named next to them, never from running the code:
- "§4.2" is shared/reference/notes/registry_stats.md §4.2 "CN number formats" (verified examples);
- "cn_dairy" is shared/reference/patents/cn_dairy_patents.jsonl (application numbers with the check
  digit as Google Patents shows it, and the spellings of its sources).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcenter.core.i18n import current_language
from ipcenter.core.refdata import load_table
from ipcenter.rights import numbers
from ipcenter.rights.errors import CheckDigitMismatch, InvalidNumber
from ipcenter.rights.kinds import (
    KIND_CODES_TABLE,
    patent_type_for_kind,
    patent_type_for_publication,
)
from ipcenter.rights.numbers import (
    PublicationNumber,
    check_cn_application_number,
    compute_cn_check_digit,
    normalise_ep_application_number,
    normalise_us_application_number,
    parse_cn_application_number,
    parse_publication_number,
)
from ipcenter.rights.vocab import PatentType

CHECK_CHARACTERS = "0123456789X"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are asserted in English, whatever the product's default language is."""
    token = current_language.set("en")
    yield
    current_language.reset(token)


# --- check digits ---------------------------------------------------------------------------

KNOWN_CHECK_DIGITS = [
    ("201710601862", "3"),  # §4.2
    ("95115608", "X"),  # §4.2 (weighted sum 186)
    ("97101765", "4"),  # §4.2
    ("202310104843", "5"),  # §4.2 (Huawei, published as CN117834529A)
    ("201810390462", "7"),  # §4.2
    ("202311356097", "5"),  # §4.2
    ("202411662208", "X"),  # §4.2
    (
        "202310123456",
        "6",
    ),  # §4.2: "the brief's example 202310123456.7 is invalid (check digit is 6)"
    ("200510012326", "7"),  # cn_dairy, CN1644068A
    ("200710044429", "0"),  # cn_dairy, CN101356938A
    ("200910143370", "X"),  # cn_dairy, CN101554187A
    ("03132566", "1"),  # cn_dairy, CN1493204A
    ("02128844", "5"),  # cn_dairy, CN1494832A
]


@pytest.mark.parametrize(("digits", "expected"), KNOWN_CHECK_DIGITS)
def test_known_check_digits(digits: str, expected: str) -> None:
    assert compute_cn_check_digit(digits) == expected


@pytest.mark.parametrize(("digits", "expected"), KNOWN_CHECK_DIGITS)
def test_known_numbers_parse_with_their_check_digit(digits: str, expected: str) -> None:
    number = parse_cn_application_number(f"{digits}.{expected}")
    assert number.check_digit == expected
    assert number.formatted == f"{digits}.{expected}"


@pytest.mark.parametrize("digits", ["", "1234567", "1234567890", "2023101048435", "2023１0104843"])
def test_check_digit_needs_8_or_12_ascii_digits(digits: str) -> None:
    with pytest.raises(InvalidNumber):
        compute_cn_check_digit(digits)


# --- CN application numbers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "202310104843.5",
        "2023101048435",
        "202310104843",
        "CN202310104843.5",
        "CN 202310104843.5",
        "ZL202310104843.5",
        "ZL 2023 1 0104843.5",
        "zl202310104843.5",
        "２０２３１０１０４８４３．５",
        "ＣＮ２０２３１０１０４８４３．５",
        "202310104843。5",
        "  202310104843.5\t",
        "\u3000202310104843.5\u3000",
        "CN202310104843.5A",  # the Google Patents application id form, see cn_dairy
    ],
)
def test_spellings_of_one_application_number(text: str) -> None:
    number = parse_cn_application_number(text)
    assert number.digits == "202310104843"
    assert number.check_digit == "5"  # §4.2
    assert number.formatted == "202310104843.5"
    assert number.patent_number == "ZL202310104843.5"
    assert number.year == 2023
    assert number.type_code == "1"
    assert number.patent_type is PatentType.INVENTION
    assert number.pct_national_phase is False
    assert number.serial == "0104843"


@pytest.mark.parametrize(
    ("text", "formatted", "year", "patent_type"),
    [
        ("97101765.4", "97101765.4", 1997, PatentType.INVENTION),  # §4.2
        ("971017654", "97101765.4", 1997, PatentType.INVENTION),
        ("95115608.x", "95115608.X", 1995, PatentType.INVENTION),  # §4.2
        ("202411662208.x", "202411662208.X", 2024, PatentType.INVENTION),  # §4.2
        ("20241166220８Ｘ", "202411662208.X", 2024, PatentType.INVENTION),
        ("CN 01122282", "01122282.4", 2001, PatentType.INVENTION),  # cn_dairy-001; 4 computed there
        ("CNB021288445A", "02128844.5", 2002, PatentType.INVENTION),  # cn_dairy, Google spelling
        ("CNA031325661A", "03132566.1", 2003, PatentType.INVENTION),  # cn_dairy, Google spelling
        ("CNA200910143370XA", "200910143370.X", 2009, PatentType.INVENTION),  # cn_dairy
        ("CN2012100463220A", "201210046322.0", 2012, PatentType.INVENTION),  # cn_dairy
        ("87211790", "87211790.1", 1987, PatentType.UTILITY_MODEL),  # cn_dairy (CN87211790U)
        ("89105457", "89105457.X", 1989, PatentType.INVENTION),  # cn_dairy, X computed there
    ],
)
def test_other_application_numbers(
    text: str, formatted: str, year: int, patent_type: PatentType
) -> None:
    number = parse_cn_application_number(text)
    assert number.formatted == formatted
    assert number.year == year
    assert number.patent_type is patent_type


@pytest.mark.parametrize(
    ("type_code", "patent_type", "pct"),
    [
        ("1", PatentType.INVENTION, False),
        ("2", PatentType.UTILITY_MODEL, False),
        ("3", PatentType.DESIGN, False),
        ("8", PatentType.INVENTION, True),
        ("9", PatentType.UTILITY_MODEL, True),
    ],
)
def test_type_digit(type_code: str, patent_type: PatentType, pct: bool) -> None:
    # §4.2: 1 invention, 2 UM, 3 design, 8 PCT invention national phase, 9 PCT UM
    number = parse_cn_application_number(f"2023{type_code}0104843")
    assert number.type_code == type_code
    assert number.patent_type is patent_type
    assert number.pct_national_phase is pct


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("CN", "no digits"),
        ("ZL.5", "no digits"),
        ("2023101048", "8 digits (before 2003) or 12 digits"),
        ("20231010484312.5", "not 14"),
        ("2023101O4843.5", "'O'"),
        ("2023-1-0104843.5", "'-'"),
        ("202310104843.55", "one check character"),
        ("202310104843.", "one check character"),
        ("202310104843.A", "digit or X"),
        ("202340104843", "type digit 4"),  # the brief's example of an unknown type digit
        ("97401765", "type digit 4"),
        ("200210104843", "year 2002"),  # the 12-digit format started in 2003
        ("209910104843", "year 2099"),
        ("05101765", "year digits 05"),  # the 8-digit format ended in 2003
        ("84101765", "year digits 84"),  # before the Patent Law took effect (1985)
        ("CN117834529A", "year digits 11"),  # a publication number, not an application number
    ],
)
def test_rejections_name_field_and_reason(text: str, reason: str) -> None:
    with pytest.raises(InvalidNumber) as caught:
        parse_cn_application_number(text, field="patents[3].application_number")
    assert type(caught.value) is InvalidNumber
    assert caught.value.params["field"] == "patents[3].application_number"
    assert caught.value.params["number"] == text
    assert caught.value.key == "rights.invalid_number"
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    ("text", "given", "expected"),
    [
        ("202310123456.7", "7", "6"),  # §4.2
        ("２０２３１０１２３４５６．７", "7", "6"),
        ("2023101234567", "7", "6"),
        ("ZL 2023 1 0104843.X", "X", "5"),  # §4.2: 202310104843 → 5
        ("95115608.0", "0", "X"),  # §4.2: 95115608 → X
        ("971017655", "5", "4"),  # §4.2: 97101765 → 4
    ],
)
def test_check_digit_mismatch_names_the_expected_digit(
    text: str, given: str, expected: str
) -> None:
    with pytest.raises(CheckDigitMismatch) as caught:
        parse_cn_application_number(text, field="application_number")
    error = caught.value
    assert error.params["field"] == "application_number"
    assert error.params["number"] == text
    assert error.params["given"] == given
    assert error.params["expected"] == expected
    assert error.key == "rights.check_digit_mismatch"
    assert f"give {expected}" in str(error)
    assert f"give {expected}" in error.to_dict()["message"]


def test_mismatch_is_an_invalid_number() -> None:
    with pytest.raises(InvalidNumber):
        parse_cn_application_number("202310123456.7")


# --- check_cn_application_number ------------------------------------------------------------


def test_check_reports_a_mismatch_without_raising() -> None:
    result = check_cn_application_number("202310123456.7")  # §4.2: the check digit is 6
    assert result.valid is False
    assert result.expected_check_digit == "6"
    assert result.given_check_digit == "7"
    assert result.normalised is None
    assert result.error == "rights.check_digit_mismatch"
    assert result.message is not None and "6" in result.message
    assert result.patent_type == "invention" and result.year == 2023


def test_check_reports_a_valid_number() -> None:
    result = check_cn_application_number("202310104843.5")  # §4.2
    assert result.valid is True
    assert result.normalised == "202310104843.5"
    assert result.expected_check_digit == "5"
    assert result.given_check_digit == "5"
    assert result.patent_type == "invention"
    assert result.year == 2023
    assert result.pct_national_phase is False
    assert result.error is None and result.message is None


def test_check_without_check_character_is_valid_and_computes_it() -> None:
    result = check_cn_application_number("CN 202411662208")  # §4.2: → X
    assert result.valid is True
    assert result.normalised == "202411662208.X"
    assert result.given_check_digit is None


@pytest.mark.parametrize("text", ["", "hello", "202340104843", "2023101048"])
def test_check_reports_unreadable_numbers(text: str) -> None:
    result = check_cn_application_number(text)
    assert result.valid is False
    assert result.error == "rights.invalid_number"
    assert result.message
    assert result.normalised is None and result.expected_check_digit is None


def test_check_result_is_json_ready() -> None:
    data = check_cn_application_number("202310123456.7").model_dump(mode="json")
    assert set(data) == {
        "input",
        "valid",
        "normalised",
        "expected_check_digit",
        "given_check_digit",
        "patent_type",
        "year",
        "pct_national_phase",
        "error",
        "message",
    }


# --- round trips (property-based) -----------------------------------------------------------

# Years whose numbers cannot be "impossible" whatever today's date is.
twelve_digit_numbers = st.builds(
    lambda year, type_code, serial: f"{year}{type_code}{serial:07d}",
    st.integers(min_value=2003, max_value=2025),
    st.sampled_from("12389"),
    st.integers(min_value=0, max_value=9_999_999),
)
eight_digit_numbers = st.builds(
    lambda year, type_code, serial: f"{year:02d}{type_code}{serial:05d}",
    st.sampled_from([*range(85, 100), 0, 1, 2, 3]),
    st.sampled_from("12389"),
    st.integers(min_value=0, max_value=99_999),
)


@settings(database=None)
@given(st.one_of(twelve_digit_numbers, eight_digit_numbers))
def test_formatted_number_parses_back(digits: str) -> None:
    number = parse_cn_application_number(digits)
    again = parse_cn_application_number(number.formatted)
    assert again == number
    assert again.digits == digits
    assert parse_cn_application_number(number.patent_number) == number


@settings(database=None)
@given(st.one_of(twelve_digit_numbers, eight_digit_numbers))
def test_every_other_check_character_is_rejected(digits: str) -> None:
    correct = compute_cn_check_digit(digits)
    for wrong in CHECK_CHARACTERS.replace(correct, ""):
        with pytest.raises(CheckDigitMismatch) as caught:
            parse_cn_application_number(f"{digits}.{wrong}")
        assert caught.value.params["expected"] == correct


# --- publication numbers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        ("US 8,930,553 B2", "US8930553B2", "B2"),
        ("US8930553B2", "US8930553B2", "B2"),
        ("US08930553", "US8930553", None),  # 8-digit zero-padded full-text spelling
        ("US-9254383-B2", "US9254383B2", "B2"),  # Google Patents id
        ("US 2005/0004437 A1", "US20050004437A1", "A1"),
        ("US20050004437A1", "US20050004437A1", "A1"),
        ("US 2013/0101709 A1", "US20130101709A1", "A1"),  # lens_pizza_1000.csv spelling
        ("US20090208610", "US20090208610", None),  # patentscope_pizza.csv spelling
        ("USD435854S1", "USD435854S1", "S1"),
        ("US D435,854 S", "USD435854S", "S"),
        ("USD0435854", "USD435854", None),
        ("USRE45678E1", "USRE45678E1", "E1"),
        ("USPP12345P3", "USPP12345P3", "P3"),
        ("CN117834529A", "CN117834529A", "A"),  # §4.2
        ("CN 1382786 A", "CN1382786A", "A"),  # cn_dairy-001
        ("CN1197949C", "CN1197949C", "C"),  # cn_dairy-001
        ("CN 212345678 U", "CN212345678U", "U"),
        ("CN87211790U", "CN87211790U", "U"),  # cn_dairy
        ("EP 1 234 567 A1", "EP1234567A1", "A1"),
        ("EP1234567A1", "EP1234567A1", "A1"),
        ("WO 2019/123456 A1", "WO2019123456A1", "A1"),
        ("JP2005123456A", "JP2005123456A", "A"),
        ("KR10-1234567B1", "KR101234567B1", "B1"),
        ("DE102005001234A1", "DE102005001234A1", "A1"),
        ("ＵＳ ８，９３０，５５３ Ｂ２", "US8930553B2", "B2"),
        ("ｃｎ１１７８３４５２９ａ", "CN117834529A", "A"),
        ("  us 8930553 b2 ", "US8930553B2", "B2"),
        ("CA2835102 (A1)", "CA2835102A1", "A1"),  # espacenet_pizza_2009_2012.csv spelling
        ("TWM391841 (U)", "TWM391841U", "U"),  # espacenet_pizza_2009_2012.csv spelling
        ("US2012325842 (A1)", "US20120325842A1", "A1"),  # espacenet_pizza_2009_2012.csv (DOCDB)
    ],
)
def test_publication_number_spellings(text: str, expected: str, kind: str | None) -> None:
    number = parse_publication_number(text)
    assert number.normalised == expected
    assert str(number) == expected
    assert number.kind == kind
    assert parse_publication_number(expected) == number


def test_publication_number_parts() -> None:
    assert parse_publication_number("US D435,854 S") == PublicationNumber("US", "D435854", "S")
    assert parse_publication_number("KR10-1234567B1") == PublicationNumber("KR", "101234567", "B1")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        (" , ", "empty"),
        ("ZL202310104843.5", "CN patent number"),
        ("CN202310104843.5", "'.'"),
        ("EP 03123456.7", "'.'"),
        ("202310104843", "two-letter country code"),
        ("US", "two-letter country code"),
        ("hello", "two-letter country code"),
        ("C1234567A", "two-letter country code"),
        ("USX12345", "do not start with 'X'"),
        ("CND1234567S", "do not start with 'D'"),
        ("US8930553B22", "kind code 'B22'"),
        ("CN117834529AB", "kind code 'AB'"),
        ("US123456789", "1 to 8 digits"),
        ("US00000000", "1 to 8 digits"),
        ("US 8930553 #", "'#'"),
        ("US8930553 (B2", "'('"),
        ("CN 202310104843", "7 to 9 digits, not 12"),  # an application number
        ("CN 123456A", "7 to 9 digits, not 6"),
    ],
)
def test_publication_number_rejections(text: str, reason: str) -> None:
    with pytest.raises(InvalidNumber) as caught:
        parse_publication_number(text, field="publications.number")
    assert caught.value.params["field"] == "publications.number"
    assert caught.value.params["number"] == text
    assert reason in str(caught.value)


# --- US and EP application numbers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10/123,456", "10123456"),
        ("US 10/123456", "10123456"),
        ("10123456", "10123456"),
        ("29/123,456", "29123456"),
        ("１０／１２３，４５６", "10123456"),
        ("US 201213657122 A", "13657122"),  # lens_pizza_1000.csv (US 2013/0101709 A1)
    ],
)
def test_us_application_numbers(text: str, expected: str) -> None:
    assert normalise_us_application_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EP 03 123 456.7", "EP03123456"),
        ("03123456.7", "EP03123456"),
        ("EP03123456", "EP03123456"),
        ("ep０３１２３４５６．７", "EP03123456"),
    ],
)
def test_ep_application_numbers(text: str, expected: str) -> None:
    assert normalise_ep_application_number(text) == expected


@pytest.mark.parametrize("text", ["", "10/123", "10/123,456,7", "US 10-123456", "abc"])
def test_bad_us_application_numbers(text: str) -> None:
    with pytest.raises(InvalidNumber) as caught:
        normalise_us_application_number(text, field="application_number")
    assert caught.value.params["field"] == "application_number"


@pytest.mark.parametrize("text", ["", "EP", "0312345.7", "03123456.77", "03123456.X", "EP03I23456"])
def test_bad_ep_application_numbers(text: str) -> None:
    with pytest.raises(InvalidNumber) as caught:
        normalise_ep_application_number(text, field="priority.number")
    assert caught.value.params["field"] == "priority.number"


# --- kind codes -----------------------------------------------------------------------------


def _raw_kind_rows() -> list[dict[str, str]]:
    # Read the file directly: load_table itself refuses a row without a source.
    path = resources.files("ipcenter").joinpath("data", KIND_CODES_TABLE)
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def test_every_kind_code_row_has_a_source() -> None:
    rows = _raw_kind_rows()
    assert rows
    for row in rows:
        assert row["source"].strip(), row


def test_kind_code_rows_are_well_formed() -> None:
    rows = _raw_kind_rows()
    assert list(rows[0]) == [
        "jurisdiction",
        "kind",
        "patent_type",
        "document",
        "grant",
        "valid_from",
        "valid_to",
        "source",
    ]
    for row in rows:
        assert PatentType(row["patent_type"])
        assert row["grant"] in ("", "yes"), row
        assert len(row["jurisdiction"]) == 2 and row["jurisdiction"].isupper()
        assert row["document"].strip()
    assert len(load_table(KIND_CODES_TABLE).rows) == len(rows)


@pytest.mark.parametrize(
    ("jurisdiction", "kind", "patent_type"),
    [
        # ZC 0008-2004 / ZC 0008-2023 (§4.2)
        ("CN", "A", PatentType.INVENTION),
        ("CN", "B", PatentType.INVENTION),
        ("CN", "C", PatentType.INVENTION),
        ("CN", "U", PatentType.UTILITY_MODEL),
        ("CN", "Y", PatentType.UTILITY_MODEL),
        ("CN", "S", PatentType.DESIGN),
        ("CN", "D", PatentType.DESIGN),
        # USPTO "Kind codes included on USPTO patent documents" (WIPO ST.16)
        ("US", "A", PatentType.INVENTION),
        ("US", "B1", PatentType.INVENTION),
        ("US", "B2", PatentType.INVENTION),
        ("US", "A1", PatentType.INVENTION),
        ("US", "A2", PatentType.INVENTION),
        ("US", "A9", PatentType.INVENTION),
        ("US", "S", PatentType.DESIGN),
        ("US", "P", PatentType.PLANT),
        ("US", "P2", PatentType.PLANT),
        ("US", "P3", PatentType.PLANT),
        ("US", "E", PatentType.INVENTION),
        ("US", "H", PatentType.INVENTION),
        # EPO kind codes (WIPO ST.16)
        ("EP", "A1", PatentType.INVENTION),
        ("EP", "A2", PatentType.INVENTION),
        ("EP", "A3", PatentType.INVENTION),
        ("EP", "A4", PatentType.INVENTION),
        ("EP", "B1", PatentType.INVENTION),
        ("EP", "B2", PatentType.INVENTION),
        ("EP", "B3", PatentType.INVENTION),
        # PCT
        ("WO", "A1", PatentType.INVENTION),
        ("WO", "A2", PatentType.INVENTION),
        ("WO", "A3", PatentType.INVENTION),
    ],
)
def test_kind_code_types(jurisdiction: str, kind: str, patent_type: PatentType) -> None:
    assert patent_type_for_kind(jurisdiction, kind) is patent_type
    assert patent_type_for_kind(jurisdiction.lower(), f" {kind.lower()} ") is patent_type
    # Whatever the date, the letter keeps its type.
    for day in (dt.date(1990, 1, 1), dt.date(2004, 7, 1), dt.date(2024, 1, 1)):
        assert patent_type_for_kind(jurisdiction, kind, on=day) is patent_type


def test_dated_rows_prefer_the_one_in_force() -> None:
    table = load_table(KIND_CODES_TABLE)
    # CN C was the invention grant before 2004-07-01 and a partial invalidation after (§4.2).
    before = table.where(dt.date(2000, 1, 1), jurisdiction="CN", kind="C")
    after = table.where(dt.date(2010, 1, 1), jurisdiction="CN", kind="C")
    assert len(before) == 1 and "grant" in before[0]["document"]
    assert len(after) == 1 and "invalidation" in after[0]["document"]


@pytest.mark.parametrize(
    ("jurisdiction", "kind", "patent_type"),
    [
        ("US", "S1", PatentType.DESIGN),  # Google Patents' spelling of kind S
        ("US", "E1", PatentType.INVENTION),  # Google Patents' spelling of kind E
        ("CN", "Z", None),
        ("EP", "B", None),
        ("XX", "A1", None),
    ],
)
def test_kind_code_fallbacks(jurisdiction: str, kind: str, patent_type: PatentType | None) -> None:
    assert patent_type_for_kind(jurisdiction, kind) is patent_type


@pytest.mark.parametrize(
    ("text", "patent_type"),
    [
        ("USD435854S1", PatentType.DESIGN),
        ("US D435,854", PatentType.DESIGN),
        ("USPP12345P3", PatentType.PLANT),
        ("USPP12345", PatentType.PLANT),
        ("USRE45678", PatentType.INVENTION),
        ("US8930553B2", PatentType.INVENTION),
        ("US08930553", PatentType.INVENTION),  # plain US grant numbers are utility patents
        ("US20050004437", None),  # a pre-grant publication may be utility or plant
        ("CN117834529A", PatentType.INVENTION),
        ("CN 212345678 U", PatentType.UTILITY_MODEL),
        ("CN 212345678", PatentType.UTILITY_MODEL),  # §4.2: serial first digit 2 = UM
        ("CN1382786", PatentType.INVENTION),  # §4.2: serial first digit 1 = invention
        ("CN300000001", PatentType.DESIGN),  # §4.2: serial first digit 3 = design
        ("CN212345678Z", PatentType.UTILITY_MODEL),  # unknown kind: the serial decides
        ("CN87211790U", PatentType.UTILITY_MODEL),  # cn_dairy
        ("CN87211790", None),  # 8-digit serial of 1987: its first digit is the year
        ("EP1234567B1", PatentType.INVENTION),
        ("WO2019123456A1", PatentType.INVENTION),
        ("JP2005123456A", None),
    ],
)
def test_patent_type_for_publication(text: str, patent_type: PatentType | None) -> None:
    assert patent_type_for_publication(parse_publication_number(text)) is patent_type


def test_all_is_sorted() -> None:
    assert list(numbers.__all__) == sorted(numbers.__all__)
    assert all(hasattr(numbers, name) for name in numbers.__all__)
