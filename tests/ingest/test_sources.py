"""PATH arguments to sources: folders, archives, siblings, streaming reads."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ipcenter.ingest.sources import ByteCounter, Input, InputError, expand, read_head


def inputs(*paths: Path) -> list[Input]:
    found = list(expand(paths))
    assert all(isinstance(f, Input) for f in found), found
    return [f for f in found if isinstance(f, Input)]


def test_siblings_in_a_folder_ignore_case(tmp_path: Path) -> None:
    (tmp_path / "g_patent.tsv").write_text("patent_id\n1\n", encoding="utf-8")
    (tmp_path / "G_Patent_Abstract.TSV").write_text("patent_id\tabstract\n", encoding="utf-8")
    (main,) = [i for i in inputs(tmp_path) if i.source.name.endswith("g_patent.tsv")]
    sibling = main.source.sibling("g_patent_abstract.tsv")
    assert sibling is not None
    with sibling.open() as stream:
        assert stream.read().startswith(b"patent_id\tabstract")
    assert main.source.sibling("g_cpc_current.tsv") is None


def test_zip_members_stream_and_find_their_siblings(tmp_path: Path) -> None:
    archive = tmp_path / "patentsview.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("tables/g_patent.tsv", "patent_id\n" + "1\n" * 100_000)
        out.writestr("tables/g_patent_abstract.tsv", "patent_id\tabstract\n")
        out.writestr("other/g_patent_abstract.tsv", "not this one\n")
        out.writestr("__MACOSX/tables/._g_patent.tsv", "junk")
    found = list(expand([archive]))
    assert [f.member for f in found if isinstance(f, Input)] == [
        "tables/g_patent.tsv",
        "tables/g_patent_abstract.tsv",
        "other/g_patent_abstract.tsv",
    ]
    main = found[0]
    assert isinstance(main, Input) and main.size == len("patent_id\n" + "1\n" * 100_000)
    sibling = main.source.sibling("g_patent_abstract.tsv")
    assert sibling is not None
    with sibling.open() as stream:
        assert stream.read() == b"patent_id\tabstract\n"
    assert read_head(main.source, 9) == b"patent_id"
    counter = ByteCounter()
    with counter.wrap(main.source).open() as stream:
        while stream.read(4096):
            pass
    assert counter.furthest == main.size


def test_missing_paths_and_nested_archives_are_reported(tmp_path: Path) -> None:
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as out:
        out.writestr("a.csv", "x")
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as out:
        out.write(inner, "inner.zip")
    found = list(expand([tmp_path / "nothing-here", outer]))
    assert [type(f) for f in found] == [InputError, InputError]
    missing, nested = found
    assert isinstance(missing, InputError) and missing.params["path"].endswith("nothing-here")
    assert isinstance(nested, InputError) and nested.member == "inner.zip"


def test_paths_relative_to_an_upload_folder(tmp_path: Path) -> None:
    (tmp_path / "lens.csv").write_text("x", encoding="utf-8")
    (found,) = list(expand([tmp_path], relative_to=tmp_path))
    assert isinstance(found, Input) and found.path == "lens.csv"
