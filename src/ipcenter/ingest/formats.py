"""The registry of input formats: which reader takes which file.

``READERS`` is ordered: ``detect`` asks each reader's ``sniff`` in turn and the first that takes a
file reads it, so a reader with a narrow, certain test (an XML root element) comes before one
that only looks at a header row.
"""

from __future__ import annotations

from collections.abc import Sequence

from ipcenter.core.errors import ValidationError
from ipcenter.core.i18n import N_
from ipcenter.ingest import (
    cn_exports,
    cnipa_events,
    espacenet,
    google,
    jsonl,
    lens,
    patentscope,
    patentsview,
    uspto_aps,
    uspto_brs,
    uspto_cpc,
    uspto_peds,
    uspto_xml,
    workbooks,
)
from ipcenter.ingest.records import Reader

AUTO = "auto"

READERS: tuple[Reader, ...] = (
    uspto_xml.READER,
    uspto_cpc.MASTER_READER,
    uspto_cpc.SCHEME_READER,
    uspto_aps.READER,
    uspto_brs.READER,
    uspto_peds.READER,
    lens.READER,
    google.READER,
    patentsview.READER,
    patentscope.READER,
    espacenet.READER,
    cn_exports.INCOPAT_READER,
    cn_exports.PATSNAP_READER,
    cnipa_events.READER,
    jsonl.READER,
    workbooks.READER,
)


def detect(name: str, head: bytes, readers: Sequence[Reader] | None = None) -> Reader | None:
    """The reader that takes a file called ``name`` starting with ``head``, or None."""
    for reader in _registered(readers):
        if reader.sniff(name, head):
            return reader
    return None


def _registered(readers: Sequence[Reader] | None) -> Sequence[Reader]:
    # Looked up at call time, so that tests can register a reader of their own.
    return READERS if readers is None else readers


def format_names(readers: Sequence[Reader] | None = None) -> list[str]:
    return [reader.name for reader in _registered(readers)]


def reader_named(name: str, readers: Sequence[Reader] | None = None) -> Reader:
    """The reader of format ``name``; ValidationError listing the known formats otherwise."""
    for reader in _registered(readers):
        if reader.name == name:
            return reader
    raise ValidationError(
        field="format",
        value=name,
        reason=N_("must be one of {allowed}"),
        allowed=", ".join([AUTO, *format_names(readers)]),
    )


def is_companion(name: str, readers: Sequence[Reader] | None = None) -> bool:
    """Whether some reader consumes ``name`` beside its main file (never read on its own)."""
    return any(reader.companion(name) for reader in _registered(readers))
