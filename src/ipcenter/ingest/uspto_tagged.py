"""Tagged-line text, the layout of the APS "Green Book" (1976–2000) and of BRS exports.

Each line starts with a field code (``WKU``, ``PAL``, ``INNM``...), a space or two and the value;
a line starting with spaces continues the value above it; a code alone on its line opens a
section (``INVT``, ``CLAS``, ``UREF``...). :func:`fields` turns a byte stream into
``(line number, code, value)`` with continuations joined, one line in memory at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass
class Field:
    line: int
    code: str
    value: str
    raw: list[str]


def fields(lines: Iterable[bytes]) -> Iterator[Field]:
    current: Field | None = None
    for number, data in enumerate(lines, start=1):
        text = data.decode("utf-8", errors="replace").rstrip("\r\n")
        if not text.strip():
            if current is not None:
                current.raw.append(text)
            continue
        if text[0] in " \t" and current is not None:
            current.value = f"{current.value} {text.strip()}".strip()
            current.raw.append(text)
            continue
        if current is not None:
            yield current
        code, _, value = text.partition(" ")
        current = Field(line=number, code=code.strip(), value=value.strip(), raw=[text])
    if current is not None:
        yield current
