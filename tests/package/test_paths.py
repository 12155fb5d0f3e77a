"""One place finds the bundled resources/ and seeds/ folders; $ANNOTATOR_RESOURCES wins."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from annotator import paths
from annotator.services import project
from annotator.suggest import resources

ROOT = Path(__file__).resolve().parents[2]


def test_the_checkout_folders_are_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.RESOURCES_ENV, raising=False)
    assert paths.resources_dir() == ROOT / "resources"
    assert paths.resource_path("fonts", "OFL.txt") == ROOT / "resources" / "fonts" / "OFL.txt"
    assert paths.seeds_dir() == ROOT / "seeds"
    assert project.seeds_dir() == ROOT / "seeds"
    assert resources.resource_dir() == ROOT / "resources"


def test_annotator_resources_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(paths.RESOURCES_ENV, str(tmp_path))
    assert paths.resources_dir() == tmp_path
    assert paths.resource_path("actors.json") == tmp_path / "actors.json"
    assert resources.resource_path("actors.json") == tmp_path / "actors.json"


def test_paths_imports_nothing_of_the_package() -> None:
    tree = ast.parse(Path(paths.__file__).read_text(encoding="utf-8"))
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    modules = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    assert not [m for m in [*imported, *modules] if m.startswith("annotator")]


def test_the_settings_file_follows_the_config_then_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path / "data"))
    assert paths.settings_file() == tmp_path / "config" / "annotator.ini"
    monkeypatch.delenv(paths.CONFIG_ENV)
    assert paths.settings_file() == tmp_path / "data" / "annotator.ini"
    monkeypatch.delenv(paths.DATA_ENV)
    assert paths.settings_file() is None  # the user's settings folder, as Qt finds it
    assert paths.DATA_ENV == project.DATA_DIR_ENV
