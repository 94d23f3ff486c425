"""Mexican application numbers (IMPI's series/filing-type letter/year/serial).

Expected values come from the sources, never from running the code:
- "patentscope" is shared/reference/patents/patentscope_pizza.csv, which spells them
  ``mxMX/a/2007/009111`` and ``mxPA/a/2005/008192`` (lower-case office code before the number);
- "espacenet" is espacenet_pizza_2009_2012.csv in the same folder: the same document as
  ``mxMX/a/2007/009111`` (BLENDABLE CHEESE SNACK) is ``MX2007009111 (A)`` there, so its DOCDB
  publication number is MX + year + serial;
- "dwpi" is Thomson's note on Mexican coverage in DWPI (February 2005): series PA (national) and
  JL, NL, YU, GT (regional offices), as in ``PA/a/2000/011402`` and ``JL/a/2003/000008``.
"""

from __future__ import annotations

import pytest

from ipcenter.rights import (
    InvalidNumber,
    MxApplicationNumber,
    looks_like_mx_application_number,
    parse_mx_application_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MX/a/2007/009111", MxApplicationNumber("MX", "a", 2007, "009111")),  # espacenet
        ("mxMX/a/2007/009111", MxApplicationNumber("MX", "a", 2007, "009111")),  # patentscope
        ("mxPA/a/2005/008192", MxApplicationNumber("PA", "a", 2005, "008192")),  # patentscope
        ("PA/a/2000/011402", MxApplicationNumber("PA", "a", 2000, "011402")),  # dwpi
        ("JL/a/2003/000008", MxApplicationNumber("JL", "a", 2003, "000008")),  # dwpi
        # Typed by hand: case and spaces do not matter, a short serial gets its leading zeros.
        (" pa / A / 2005 / 8192 ", MxApplicationNumber("PA", "a", 2005, "008192")),
    ],
)
def test_spellings(text: str, expected: MxApplicationNumber) -> None:
    assert looks_like_mx_application_number(text)
    assert parse_mx_application_number(text) == expected


def test_formatted_and_publication_number() -> None:
    """MX/a/2007/009111 is Espacenet's MX2007009111; no sample gives a PA number's DOCDB form."""
    mx = parse_mx_application_number("mxMX/a/2007/009111")
    assert (mx.formatted, mx.publication_number) == ("MX/a/2007/009111", "MX2007009111")
    pa = parse_mx_application_number("mxPA/a/2005/008192")
    assert (pa.formatted, pa.publication_number) == ("PA/a/2005/008192", None)
    utility = parse_mx_application_number("MX/u/2010/000123")
    assert utility.publication_number is None  # only patent applications ("a") are mapped


@pytest.mark.parametrize("text", ["MX2007009111", "US20090208610", "za1998/04456", "2007/009111"])
def test_other_numbers_do_not_look_mexican(text: str) -> None:
    assert not looks_like_mx_application_number(text)


@pytest.mark.parametrize(
    ("text", "reason", "param"),
    [
        (
            "MX/a/07/009111",
            "a Mexican application number is series/filing-type letter/four-digit year/serial, "
            "as in MX/a/2007/009111",
            None,
        ),
        (
            "MX/a/2007/",
            "a Mexican application number is series/filing-type letter/four-digit "
            "year/serial, as in MX/a/2007/009111",
            None,
        ),
        (
            "ZZ/a/2007/009111",
            "{series} is not a Mexican application series ({known})",
            ("series", "ZZ"),
        ),
        ("MX/a/2999/009111", "the filing year {year} is after {latest}", ("year", 2999)),
        ("MX/a/2007/0091110", "the serial {serial} has more than 6 digits", ("serial", "0091110")),
    ],
)
def test_bad_numbers_say_why(text: str, reason: str, param: tuple[str, object] | None) -> None:
    with pytest.raises(InvalidNumber) as caught:
        parse_mx_application_number(text, field="Publication Number")
    assert caught.value.params["reason"] == reason
    assert caught.value.params["field"] == "Publication Number"
    assert caught.value.params["number"] == text
    if param is not None:
        assert caught.value.params[param[0]] == param[1]
    assert text in str(caught.value)  # the message names the value
