"""Turning PATH arguments into sources: files, folders (recursively) and zip archives.

Nothing here reads a whole file: a source opens a fresh stream on demand, a zip member is
decompressed as it is read. A path that cannot be opened comes out as an ``InputError`` in its
place, so one bad path is reported while the others are still read.
"""

from __future__ import annotations

import dataclasses
import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, cast

from ipcenter.core.i18n import N_
from ipcenter.ingest.records import Source

HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Input:
    """One file to read: ``path`` is the file given (or the archive holding it), ``member`` its
    name inside the archive, ``size`` its (uncompressed) length when known."""

    source: Source
    path: str
    member: str | None = None
    size: int | None = None

    @property
    def display(self) -> str:
        return f"{self.path}!{self.member}" if self.member else self.path


@dataclass(frozen=True)
class InputError:
    """A path that could not be read at all; ``reason`` is a msgid filled from ``params``."""

    path: str
    reason: str
    params: dict[str, Any] = field(default_factory=dict)
    member: str | None = None


def _hidden(name: str) -> bool:
    # Finder and archive tools leave these beside real files; they are never data.
    return name.startswith(".") or name.startswith("__MACOSX") or name == "Thumbs.db"


def is_archive(name: str) -> bool:
    # Only .zip: XLSX workbooks are zip files too, and they are read as workbooks.
    return name.lower().endswith(".zip")


def expand(
    paths: Iterable[str | os.PathLike[str]], *, relative_to: Path | None = None
) -> Iterator[Input | InputError]:
    """Every file under ``paths``, in a stable order (folders sorted, archives in their order);
    with ``relative_to``, the paths reported are relative to that folder."""
    for found in _expand(paths):
        if relative_to is not None:
            found = dataclasses.replace(found, path=_relative(found.path, relative_to))
        yield found


def _relative(path: str, root: Path) -> str:
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return path


def _expand(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Input | InputError]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _folder(path)
        elif path.is_file():
            yield from _file(path)
        else:
            yield InputError(str(path), N_("{path} does not exist"), {"path": str(path)})


def _folder(folder: Path) -> Iterator[Input | InputError]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _hidden(d))
        for name in sorted(files):
            if not _hidden(name):
                yield from _file(Path(root) / name)


def _file(path: Path) -> Iterator[Input | InputError]:
    if is_archive(path.name):
        yield from _archive(path)
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield InputError(str(path), N_("{path} cannot be read: {problem}"), _problem(path, exc))
        return
    yield Input(source=file_source(path), path=str(path), size=size)


def _problem(path: Path, exc: BaseException) -> dict[str, Any]:
    return {"path": str(path), "problem": exc.strerror if isinstance(exc, OSError) else str(exc)}


def file_source(path: Path, name: str | None = None) -> Source:
    """A source for a file on disk; siblings are the files of the same folder."""

    def open_file() -> BinaryIO:
        return path.open("rb")

    def sibling(wanted: str) -> Source | None:
        found = _find_name(wanted, (p.name for p in path.parent.iterdir() if p.is_file()))
        return file_source(path.parent / found) if found else None

    return Source(name=name or str(path), open=open_file, sibling=sibling)


def _find_name(wanted: str, names: Iterable[str]) -> str | None:
    """``wanted`` among ``names``: exactly, else ignoring case (exports get renamed)."""
    candidates = list(names)
    if wanted in candidates:
        return wanted
    lowered = wanted.lower()
    return next((n for n in candidates if n.lower() == lowered), None)


def _archive(path: Path) -> Iterator[Input | InputError]:
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        yield InputError(
            str(path), N_("{path} is not a readable zip archive: {problem}"), _problem(path, exc)
        )
        return
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir() and not any(_hidden(part) for part in info.filename.split("/"))
        ]
        by_folder: dict[str, list[str]] = {}
        for info in members:
            folder = str(PurePosixPath(info.filename).parent)
            by_folder.setdefault(folder, []).append(PurePosixPath(info.filename).name)
        for info in members:
            if is_archive(info.filename):
                yield InputError(
                    str(path),
                    N_("{member}: a zip archive inside a zip archive is not read; unpack it"),
                    {"member": info.filename},
                    member=info.filename,
                )
                continue
            yield Input(
                source=_member_source(archive, info.filename, by_folder),
                path=str(path),
                member=info.filename,
                size=info.file_size,
            )


def _member_source(
    archive: zipfile.ZipFile, member: str, by_folder: dict[str, list[str]]
) -> Source:
    folder = PurePosixPath(member).parent

    def open_member() -> BinaryIO:
        if archive.fp is not None:  # the archive is being read: share its directory
            return cast(BinaryIO, archive.open(member))  # decompresses as it is read
        # Opened again after the expansion has moved on: the member stream keeps the file open
        # after the archive object is closed.
        with zipfile.ZipFile(cast(str, archive.filename)) as again:
            return cast(BinaryIO, again.open(member))

    def sibling(wanted: str) -> Source | None:
        found = _find_name(wanted, by_folder.get(str(folder), []))
        if found is None:
            return None
        name = str(folder / found) if str(folder) != "." else found
        return _member_source(archive, name, by_folder)

    return Source(name=PurePosixPath(member).name, open=open_member, sibling=sibling)


def read_head(source: Source, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes of ``source`` (what ``Reader.sniff`` looks at)."""
    with source.open() as stream:
        chunks: list[bytes] = []
        wanted = size
        while wanted > 0:
            chunk = stream.read(wanted)
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)


class ByteCounter:
    """How far the readers of one source have got, for progress (the furthest stream wins)."""

    def __init__(self) -> None:
        self.furthest = 0

    def wrap(self, source: Source) -> Source:
        def open_counted() -> BinaryIO:
            return io.BufferedReader(_CountingStream(source.open(), self))

        return Source(name=source.name, open=open_counted, sibling=source.sibling)


class _CountingStream(io.RawIOBase):
    def __init__(self, inner: BinaryIO, counter: ByteCounter) -> None:
        self.inner = inner
        self.counter = counter
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.inner.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self.count += size
        self.counter.furthest = max(self.counter.furthest, self.count)
        return size

    def seekable(self) -> bool:
        return self.inner.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        position = self.inner.seek(offset, whence)
        self.count = position
        return position

    def tell(self) -> int:
        return self.inner.tell()

    def close(self) -> None:
        try:
            self.inner.close()
        finally:
            super().close()
