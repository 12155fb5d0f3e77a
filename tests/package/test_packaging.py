"""A regular (non-editable) install carries every subpackage and the bundled data."""

from __future__ import annotations

import ast
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from annotator.suggest.resources import DATA_FILES

ROOT = Path(__file__).resolve().parents[2]


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


def _installed_copy(site: Path) -> None:
    """Lay out the package as a wheel installs it, from pyproject.toml's own settings."""
    config = _setuptools()
    package_dir: dict[str, str] = config.get("package-dir", {})
    data: dict[str, list[str]] = config.get("package-data", {})
    for package in config["packages"]:
        source = ROOT / package_dir.get(package, package.replace(".", "/"))
        target = site.joinpath(*package.split("."))
        target.mkdir(parents=True, exist_ok=True)
        for py in source.glob("*.py"):
            shutil.copy2(py, target / py.name)
        for pattern in data.get(package, []):
            for found in source.glob(pattern):
                if found.is_file() and "__pycache__" not in found.parts:
                    dest = target / found.relative_to(source)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(found, dest)


def _run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"ANNOTATOR_RESOURCES", "PYTHONPATH"}}
    env["PYTHONPATH"] = str(site)
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def test_an_installed_copy_suggests_and_imports_outside_the_checkout(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    _installed_copy(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    check = subprocess.run(
        [sys.executable, "-c", "import annotator; print(annotator.__file__)"],
        cwd=elsewhere,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert check.stdout.strip().startswith(str(site))

    suggested = _run_installed(site, elsewhere, "suggest", str(seed))
    assert suggested.returncode == 0, suggested.stderr
    record = json.loads(suggested.stdout.splitlines()[0])
    assert any(span["label"] == "CASUALTY" for span in record["spans"]), record["spans"]

    imported = _run_installed(site, elsewhere, "import", "--db", "x.db", str(seed))
    assert imported.returncode == 0, imported.stderr
    assert "1 imported" in imported.stdout and "suggestion(s)" in imported.stdout


_READERS = {"resource_path", "load_resource", "load_json", "load_lines"}


def _opened_resources() -> set[tuple[str, ...]]:
    """Every resource path the package names as literal arguments of the resource readers."""
    found: set[tuple[str, ...]] = {(name,) for name in DATA_FILES}
    for module in (ROOT / "annotator").rglob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if name in _READERS and args and all(isinstance(a, str) for a in args):
                found.add(tuple(args))
    return found


def test_every_resource_the_code_opens_is_package_data() -> None:
    opened = _opened_resources()
    assert ("numbers_person_nouns.json",) in opened and ("fonts",) in opened
    patterns = _setuptools()["package-data"]["annotator.resources"]
    for parts in opened:
        path = ROOT / "resources" / Path(*parts)
        assert path.exists(), f"the code opens resources/{'/'.join(parts)}, which is missing"
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for file in files:
            rel = file.relative_to(ROOT / "resources").as_posix()
            assert any(fnmatch.fnmatch(rel, p) for p in patterns), f"{rel} is not package data"


def test_only_annotator_paths_locates_files_by_the_source_tree() -> None:
    """No module guesses where resources/ or seeds/ are from its own location."""
    offenders = []
    for module in (ROOT / "annotator").rglob("*.py"):
        if module.name == "paths.py" and module.parent.name == "annotator":
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "__file__":
                offenders.append(f"{module.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Constant) and node.value in {"resources", "seeds"}:
                offenders.append(f"{module.relative_to(ROOT)}:{node.lineno}")
    assert offenders == [], "use annotator.paths instead"
