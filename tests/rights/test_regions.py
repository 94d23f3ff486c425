from __future__ import annotations

from ipcenter.rights.regions import find_region, region_label, region_path


def test_hohhot_county_path() -> None:
    # GB/T 2260: 150000 内蒙古自治区 → 150100 呼和浩特市 → 150123 和林格尔县
    assert [r.code for r in region_path("150123")] == ["150000", "150100", "150123"]
    assert region_label("150123", "zh_CN") == "内蒙古自治区 呼和浩特市 和林格尔县"
    assert region_label("150123", "en") == "Inner Mongolia · 呼和浩特市 · 和林格尔县"


def test_leagues_of_inner_mongolia_are_city_level() -> None:
    region = find_region("152500")
    assert region is not None and region.name_zh == "锡林郭勒盟" and region.level == "city"


def test_every_province_has_an_english_name() -> None:
    for code in ("110000", "150000", "620000", "640000", "710000", "810000", "820000"):
        region = find_region(code)
        assert region is not None and region.level == "province" and region.name_en


def test_unknown_code_is_shown_as_is() -> None:
    assert region_label("999999", "zh_CN") == "999999"
    assert region_label(None, "en") == ""
