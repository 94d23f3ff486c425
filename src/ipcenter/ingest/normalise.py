"""Normalising what exports say about parties: names, party types, countries, CN region codes.

Shared by every reader (the USPTO ones too). The raw name always stays in ``PartyIn.name``;
:func:`normalise_name` gives the comparison key. Party-type keywords
(``data/ingest/party_type_keywords.csv``) and country names (``data/ingest/country_names.csv``)
are data with a source per row; regions come from the shipped GB/T 2260 table
(``data/regions/cn_admin_divisions.csv``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from ipcenter.core.refdata import load_table
from ipcenter.ingest.cells import has_cjk
from ipcenter.rights import PartyType, find_region

KEYWORDS = "ingest/party_type_keywords.csv"
COUNTRIES = "ingest/country_names.csv"
REGIONS = "regions/cn_admin_divisions.csv"

_SPACES = re.compile(r"\s+")
# Spellings of one legal form, longest first so 有限责任公司 is not read as 有限 + 责任公司.
_CN_LEGAL_FORMS = (
    ("股份有限公司", "股份有限公司"),
    ("有限责任公司", "有限公司"),
    ("有限公司", "有限公司"),
)
_LATIN_DESIGNATORS = re.compile(
    r"[,.\s]+(co\.?,?\s*ltd\.?|company\s+limited|co\.?\s*limited|ltd\.?|limited|inc\.?|"
    r"incorporated|corp\.?|corporation|gmbh|llc|plc|s\.?\s?a\.?|s\.?\s?l\.?|ag|b\.?v\.?|n\.?v\.?)$",
    re.IGNORECASE,
)
_COUNTRY_SUFFIX = re.compile(r"\s*[\[(（]\s*([A-Z]{2})\s*[\])）]\s*$")


def fold(text: str) -> str:
    """NFKC (full-width letters, digits and brackets → half-width), one space, trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def normalise_name(name: str) -> str:
    """A comparison key for an applicant's name.

    Chinese names: full-width → half-width, no spaces, one bracket style (``（中国）`` and
    ``(中国)`` alike), 有限责任公司 read as 有限公司. Latin names: case-folded, punctuation runs
    collapsed, the company designator dropped (``PIZZA HUT INC`` and ``Pizza Hut, Inc.`` meet).
    """
    text = fold(name)
    if has_cjk(text):
        text = text.replace(" ", "").replace("（", "(").replace("）", ")")
        for variant, canonical in _CN_LEGAL_FORMS:
            if text.endswith(variant):
                return text[: -len(variant)] + canonical
        return text
    previous = None
    while previous != text:
        previous, text = text, _LATIN_DESIGNATORS.sub("", text).strip(" ,.")
    return re.sub(r"[\s,.]+", " ", text).strip().casefold()


def split_country_suffix(name: str) -> tuple[str, str | None]:
    """``SEREDIUK TARAS [UA]`` → (``SEREDIUK TARAS``, ``UA``): Espacenet's country mark."""
    match = _COUNTRY_SUFFIX.search(name)
    if match is None:
        return name.strip(), None
    return name[: match.start()].strip(), match[1]


@dataclass(frozen=True)
class _Keyword:
    party_type: PartyType
    keyword: str
    match: str
    priority: int


@cache
def _keywords() -> tuple[_Keyword, ...]:
    rules = [
        _Keyword(
            party_type=PartyType(row["party_type"]),
            keyword=row["keyword"].casefold(),
            match=row["match"],
            priority=int(row["priority"]),
        )
        for row in load_table(KEYWORDS).rows
    ]
    return tuple(sorted(rules, key=lambda rule: rule.priority))


def _matches(rule: _Keyword, text: str, words: str) -> bool:
    if rule.match == "suffix":
        return text.endswith(rule.keyword)
    if rule.match == "word":
        return f" {rule.keyword} " in words
    return rule.keyword in text


_CN_PERSONAL_NAME = re.compile(r"[\u4e00-\u9fff·]{2,4}")
_LATIN_PERSONAL_NAME = re.compile(r"[^\W\d_]+(?:[\s,'-]+[^\W\d_]+){1,4}")


@lru_cache(maxsize=65536)  # exports repeat the same names on row after row
def infer_party_type(name: str) -> PartyType | None:
    """The party type a name reveals, or None when it says nothing.

    Keyword rules first (a company form wins over 大学 in 大学科技园有限公司); a name without
    any keyword is an individual when it is shaped like a personal name: 2-4 Chinese characters,
    or 2-5 Latin words without digits (``VENTIMEGLIA JAMIE JOSEPH``, ``DEPOORTERE, Thomas``).
    """
    text = fold(name).casefold()
    if not text:
        return None
    words = " " + re.sub(r"[^\w]+", " ", text).strip() + " "
    for rule in _keywords():
        if _matches(rule, text, words):
            return rule.party_type
    if _CN_PERSONAL_NAME.fullmatch(text.replace(" ", "")):
        return PartyType.INDIVIDUAL
    if not has_cjk(text) and _LATIN_PERSONAL_NAME.fullmatch(text):
        return PartyType.INDIVIDUAL
    return None


@cache
def _countries() -> tuple[tuple[str, str], ...]:
    pairs = [(row["name"], row["code"]) for row in load_table(COUNTRIES).rows]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def country_from_address(address: str) -> str | None:
    """The country an address lies in: a country name opening it (美国加利福尼亚州 → US,
    中国台湾… → TW), else CN when a mainland region is found in it."""
    text = fold(address).replace(" ", "")
    for name, code in _countries():
        if text.startswith(name) and not (code == "CN" and _starts_with_sar(text[len(name) :])):
            return code
    match = region_from_address(text)
    if match is None:
        return None
    province = match[:2]
    return {"71": "TW", "81": "HK", "82": "MO"}.get(province, "CN")


def _starts_with_sar(rest: str) -> bool:
    return rest.startswith(("台湾", "香港", "澳门"))


# ---------------------------------------------------------------------------------- regions


@dataclass(frozen=True)
class _Place:
    code: str
    level: str
    parent: str | None
    names: tuple[str, ...]  # the official name, then its accepted short forms


_PROVINCE_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
)
_CITY_SUFFIXES = ("自治州", "地区", "盟", "市")
_COUNTY_SUFFIXES = ("自治县", "自治旗", "县", "旗", "市", "区")


def _short_forms(name: str, level: str) -> tuple[str, ...]:
    suffixes = {
        "province": _PROVINCE_SUFFIXES,
        "city": _CITY_SUFFIXES,
        "county": _COUNTY_SUFFIXES,
    }[level]
    forms = [name]
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            short = name[: -len(suffix)]
            if level == "city" and suffix == "自治州":
                # 延边朝鲜族自治州 → 延边: drop the nationality part as well.
                short = re.sub(r"(?:[\u4e00-\u9fff]{1,6}族)+$", "", short) or short
            if level == "county" and suffix in ("区", "市"):
                # 新城区 → 新城 would match street names all over China; districts and
                # county-level cities keep their suffix.
                break
            forms.append(short)
            break
    return tuple(dict.fromkeys(forms))


@cache
def _places() -> dict[str, _Place]:
    places: dict[str, _Place] = {}
    for row in load_table(REGIONS).rows:
        places[row["code"]] = _Place(
            code=row["code"],
            level=row["level"],
            parent=row["parent_code"] or None,
            names=_short_forms(row["name_zh"], row["level"]),
        )
    return places


@cache
def _children() -> dict[str | None, tuple[_Place, ...]]:
    grouped: dict[str | None, list[_Place]] = {}
    for place in _places().values():
        grouped.setdefault(place.parent, []).append(place)
    return {parent: tuple(children) for parent, children in grouped.items()}


def _find(text: str, candidates: tuple[_Place, ...], start: int) -> tuple[_Place, int, int] | None:
    """The candidate named earliest in ``text[start:]`` (the longest name on a tie); returns it
    with the positions where its name starts and ends."""
    best: tuple[int, int, _Place] | None = None
    for place in candidates:
        for name in place.names:
            position = text.find(name, start)
            if position < 0:
                continue
            key = (position, -len(name))
            if best is None or key < (best[0], -best[1]):
                best = (position, len(name), place)
    if best is None:
        return None
    return best[2], best[0], best[0] + best[1]


@lru_cache(maxsize=65536)
def region_from_address(address: str) -> str | None:
    """The most precise GB/T 2260 code an address names: county, else city, else province.

    ``内蒙古自治区呼和浩特市和林格尔县盛乐经济园区`` → 150123; ``内蒙古呼和浩特金山开发区`` →
    150100; an address that names only a city (``呼和浩特市…``) finds its province through it.
    Names are looked for in order (province, then its cities after it, then their counties), so a
    street named after another place does not win.
    """
    text = fold(address).replace(" ", "")
    if not text:
        return None
    children = _children()
    provinces = children.get(None, ())
    found = _find(text, provinces, 0)
    if found is not None:
        province, province_start, _ = found
        # Municipalities repeat their name as city (北京市 北京市): search from the province.
        city_found = _find(text, children.get(province.code, ()), province_start)
        if city_found is None:
            # 河南南乐县: the county is named without its city.
            counties = tuple(
                county
                for city in children.get(province.code, ())
                for county in children.get(city.code, ())
            )
            county_found = _find(text, counties, province_start)
            return county_found[0].code if county_found else province.code
        city, _, city_after = city_found
        if city.level == "county":  # 省直辖县级市 such as 济源市 hang under the province
            return city.code
        county = _find(text, children.get(city.code, ()), city_after)
        return county[0].code if county else city.code
    cities = tuple(p for p in _places().values() if p.level == "city")
    city_found = _find(text, cities, 0)
    if city_found is None:
        return None
    city, _, city_after = city_found
    county = _find(text, children.get(city.code, ()), city_after)
    return county[0].code if county else city.code


def region_from_code(code: str) -> str | None:
    """A code an export gives (申请人省市代码): 2, 4 or 6 digits, padded to a known 6-digit code."""
    digits = fold(code).replace(" ", "")
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (2, 4, 6):
        return None
    padded = digits.ljust(6, "0")
    return padded if find_region(padded) is not None else None


def best_region(address: str | None, given_code: str | None) -> str | None:
    """The region of an applicant: the address's code when it agrees with the export's code (or
    no code is given), the export's code when the address names nothing more precise."""
    from_code = region_from_code(given_code) if given_code else None
    from_address = region_from_address(address) if address else None
    if from_address and (from_code is None or from_address.startswith(_prefix(from_code))):
        return from_address
    return from_code or from_address


def _prefix(code: str) -> str:
    if code.endswith("0000"):
        return code[:2]
    return code[:4] if code.endswith("00") else code
