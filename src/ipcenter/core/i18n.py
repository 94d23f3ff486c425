"""Translations (gettext catalogs compiled from ``locale/*/LC_MESSAGES/messages.po`` at start-up).

msgids are English; ``zh_CN`` is the default language of the product, ``en`` the second. The
language in effect for the current request or command lives in a context variable, so templates,
error rendering and reports all read the same one without passing it around.
"""

from __future__ import annotations

import gettext as gettext_module
import io
from contextvars import ContextVar
from functools import cache
from importlib import resources

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LANGUAGES: tuple[str, ...] = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

current_language: ContextVar[str] = ContextVar("current_language", default=DEFAULT_LANGUAGE)


def normalise_language(value: str | None) -> str | None:
    """``zh``, ``zh-CN``, ``zh_cn`` → ``zh_CN``; ``en-GB`` → ``en``; unknown → None."""
    if not value:
        return None
    lowered = value.strip().replace("-", "_").lower()
    if lowered.startswith("zh"):
        return "zh_CN"
    if lowered.startswith("en"):
        return "en"
    return None


def language_from_accept_header(header: str | None) -> str | None:
    """The first supported language in an Accept-Language header, by quality."""
    if not header:
        return None
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        piece, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        language = normalise_language(piece)
        if language:
            weighted.append((-quality, position, language))
    return min(weighted)[2] if weighted else None


@cache
def translations(language: str) -> gettext_module.NullTranslations:
    """The compiled catalog for ``language`` (English passes msgids through)."""
    if language == "en":
        return gettext_module.NullTranslations()
    path = resources.files("ipcenter").joinpath("locale", language, "LC_MESSAGES", "messages.po")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext_module.GNUTranslations(buffer)


def gettext(message: str, language: str | None = None) -> str:
    return translations(language or current_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int, language: str | None = None) -> str:
    return translations(language or current_language.get()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    return message


def format_number(value: float | int, language: str | None = None) -> str:
    return format_decimal(value, locale=Locale.parse(language or current_language.get()))
