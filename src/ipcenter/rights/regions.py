"""China's administrative divisions (行政区划代码, GB/T 2260) for parties, marks and GIs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ipcenter.core.refdata import load_table

TABLE = "regions/cn_admin_divisions.csv"


@dataclass(frozen=True)
class Region:
    code: str
    name_zh: str
    name_en: str
    level: str  # province, city or county
    parent_code: str | None

    def name(self, lang: str) -> str:
        """English names exist for provinces only; below that the Chinese name is the name."""
        return self.name_en if lang == "en" and self.name_en else self.name_zh


@cache
def _index() -> dict[str, Region]:
    return {
        row["code"]: Region(
            code=row["code"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            level=row["level"],
            parent_code=row["parent_code"] or None,
        )
        for row in load_table(TABLE).rows
    }


def find_region(code: str | None) -> Region | None:
    return _index().get(code) if code else None


def region_path(code: str | None) -> list[Region]:
    """Province first, then city, then county, as far as ``code`` goes."""
    path: list[Region] = []
    region = find_region(code)
    while region is not None:
        path.insert(0, region)
        region = find_region(region.parent_code)
    return path


def region_label(code: str | None, lang: str) -> str:
    """``内蒙古自治区 呼和浩特市 和林格尔县`` / ``Inner Mongolia · 呼和浩特市 · 和林格尔县``;
    the bare code when it is unknown."""
    path = region_path(code)
    if not path:
        return code or ""
    separator = " · " if lang == "en" else " "
    return separator.join(region.name(lang) for region in path)
