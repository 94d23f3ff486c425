"""The province drop-down (workbook and /carbon/new) lists GB/T 2260 provinces only."""

from __future__ import annotations

from ipcenter.carbon.workbook import CHOICES


def test_the_province_list_leaves_out_the_border_sea_area() -> None:
    codes = dict(CHOICES["province"]("zh_CN"))
    # cpca's 990000 苏鲁交界 is no province (QA found it on /carbon/new).
    assert "990000" not in codes and "苏鲁交界" not in codes.values()
    # GB/T 2260 has 34 province-level divisions, 内蒙古自治区 among them.
    assert len(codes) == 34 and codes["150000"] == "内蒙古自治区"
