"""Every user-visible string must read naturally in Chinese: the catalog has to be complete."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from ipcenter.core.i18n import gettext, language_from_accept_header, normalise_language

ROOT = Path(__file__).resolve().parents[2]


def zh_catalog():  # type: ignore[no-untyped-def]
    path = resources.files("ipcenter") / "locale" / "zh_CN" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale="zh_CN")


def test_every_extracted_message_has_a_chinese_translation(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-o",
            str(pot),
            str(ROOT / "src" / "ipcenter"),
        ],
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    catalog = zh_catalog()
    missing = sorted(
        str(mid)
        for mid in wanted
        if not (catalog.get(mid) and catalog.get(mid).string and not catalog.get(mid).fuzzy)
    )
    assert not missing, f"untranslated into zh_CN: {missing}"


def test_translations_keep_their_placeholders() -> None:
    pattern = re.compile(r"\{[a-z_]+(?:![rs])?\}|%\([a-z_]+\)s")
    for message in zh_catalog():
        if message.id and message.string:
            assert sorted(pattern.findall(str(message.id))) == sorted(
                pattern.findall(str(message.string))
            ), message.id


def test_chinese_is_served_from_the_catalog() -> None:
    assert gettext("Patents", "zh_CN") == "专利"
    assert gettext("Patents", "en") == "Patents"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh_CN"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-FR, en;q=0.5, zh;q=0.7", "zh_CN"),
        ("de-DE", None),
        ("", None),
    ],
)
def test_accept_language(header: str, expected: str | None) -> None:
    assert language_from_accept_header(header) == expected


def test_normalise_language() -> None:
    assert normalise_language("zh") == "zh_CN"
    assert normalise_language("EN_us") == "en"
    assert normalise_language("ja") is None


def test_no_message_is_defined_twice() -> None:
    # Two sessions appending the same msgid give a catalog msgfmt refuses ("duplicate message
    # definition"); babel silently keeps one of them, so only a look at the text catches it.
    path = resources.files("ipcenter") / "locale" / "zh_CN" / "LC_MESSAGES" / "messages.po"
    msgids: list[str] = []
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current = [line.removeprefix("msgid ")]
            msgids.append("")
        elif current is not None and line.startswith('"'):
            current.append(line)
        else:
            current = None
        if current is not None:
            msgids[-1] = "".join(current)
    repeated = sorted({m for m in msgids if msgids.count(m) > 1})
    assert not repeated
