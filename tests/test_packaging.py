"""A regular (non-editable) install carries every subpackage and the bundled data."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setuptools() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)["tool"]["setuptools"]


def test_every_subpackage_is_listed_for_installation() -> None:
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "annotator").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    listed = set(_setuptools()["packages"])
    assert found - listed == set(), "add these to [tool.setuptools] packages"


def test_resources_and_seeds_are_installed_inside_the_package() -> None:
    config = _setuptools()
    assert config["package-dir"] == {"annotator.resources": "resources", "annotator.seeds": "seeds"}
    assert {"annotator.resources", "annotator.seeds"} <= set(config["packages"])
    assert (ROOT / "resources" / "actors.json").is_file()
    assert sorted((ROOT / "seeds").glob("*.txt"))
