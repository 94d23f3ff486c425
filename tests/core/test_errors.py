from __future__ import annotations

from ipcenter.core.errors import NotFound, ValidationError
from ipcenter.core.i18n import gettext


def test_error_shape() -> None:
    error = ValidationError(field="filing_date", reason="is not a date")
    assert error.to_dict() == {
        "ok": False,
        "error": "validation_error",
        "message": "Invalid value for filing_date: is not a date",
        "status": 422,
        "params": {"field": "filing_date", "reason": "is not a date"},
    }


def test_error_renders_in_chinese() -> None:
    error = NotFound(what="Patent")
    assert error.render(lambda m: gettext(m, "zh_CN")) == "未找到专利。"
    assert error.render(lambda m: gettext(m, "en")) == "Patent not found."
