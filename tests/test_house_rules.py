"""Rules of the house that code review would otherwise have to remember."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from ipcenter.core.settings import Settings

SRC = Path(__file__).resolve().parents[1] / "src" / "ipcenter"
DOCS = Path(__file__).resolve().parents[1] / "docs"
CAPABILITIES = (
    "rights",
    "accounts",
    "reports",
    "demo",
    "ingest",
    "portfolio",
    "carbon",
    "stats",
    "search",
)
FORBIDDEN_FOR_CAPABILITIES = ("ipcenter.web", "ipcenter.cli")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("package", ["core", *CAPABILITIES])
def test_capabilities_never_import_web_or_cli(package: str) -> None:
    for path in (SRC / package).rglob("*.py"):
        bad = {m for m in imports_of(path) if m.startswith(FORBIDDEN_FOR_CAPABILITIES)}
        assert not bad, f"{path.relative_to(SRC)} imports {bad}"


def test_core_depends_on_no_capability() -> None:
    for path in (SRC / "core").rglob("*.py"):
        bad = {
            m
            for m in imports_of(path)
            if m.startswith("ipcenter.") and not m.startswith("ipcenter.core")
        }
        assert not bad, f"{path.relative_to(SRC)} imports {bad}"


def test_rights_depends_only_on_core_and_reports() -> None:
    for path in (SRC / "rights").rglob("*.py"):
        bad = {
            m
            for m in imports_of(path)
            if m.startswith("ipcenter.")
            and not m.startswith(("ipcenter.core", "ipcenter.rights", "ipcenter.reports"))
        }
        assert not bad, f"{path.relative_to(SRC)} imports {bad}"


@pytest.mark.parametrize("package", CAPABILITIES)
def test_public_api_is_sorted_and_real(package: str) -> None:
    module = importlib.import_module(f"ipcenter.{package}")
    exported = module.__all__
    assert exported == sorted(exported)
    for name in exported:
        assert hasattr(module, name), f"ipcenter.{package}.__all__ names missing {name}"


def test_web_and_cli_use_capabilities_through_their_public_api() -> None:
    for path in [*(SRC / "web").rglob("*.py"), *(SRC / "cli").rglob("*.py")]:
        for module in imports_of(path):
            parts = module.split(".")
            if len(parts) > 2 and parts[0] == "ipcenter" and parts[1] in CAPABILITIES:
                pytest.fail(f"{path.relative_to(SRC)} reaches into {module}")


def test_every_setting_is_documented() -> None:
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"IPCENTER_{name.upper()}" in text, f"IPCENTER_{name.upper()} is undocumented"


def test_every_cli_command_has_help() -> None:
    from typer.main import get_command

    from ipcenter.cli import app

    def walk(command: object, path: str) -> None:
        sub = getattr(command, "commands", None)
        if sub:
            for name, child in sub.items():
                walk(child, f"{path} {name}")
        else:
            assert getattr(command, "help", None), f"`{path}` has no help text"

    walk(get_command(app), "ipcenter")


@pytest.mark.parametrize("package", CAPABILITIES)
def test_capabilities_use_each_other_only_through_public_apis(package: str) -> None:
    for path in (SRC / package).rglob("*.py"):
        for module in imports_of(path):
            parts = module.split(".")
            if (
                len(parts) > 2
                and parts[0] == "ipcenter"
                and parts[1] in CAPABILITIES
                and parts[1] != package
            ):
                pytest.fail(f"{path.relative_to(SRC)} reaches into {module}")
