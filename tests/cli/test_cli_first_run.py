"""A first run where something is missing explains itself: data files, Qt's libraries, a display."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.services import doctor

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, cwd: Path, **env: str | None) -> subprocess.CompletedProcess[str]:
    merged = {**os.environ, "PYTHONPATH": str(ROOT)}
    for key, value in env.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        cwd=cwd,
        env=merged,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


@pytest.fixture
def resources_without_nouns(tmp_path: Path) -> Path:
    """A copy of resources/ that lacks one data file of the suggester."""
    copy = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", copy)
    (copy / "numbers_person_nouns.json").unlink()
    return copy


def test_import_names_the_missing_data_file(tmp_path: Path, resources_without_nouns: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("قتل 5 مدنيين في حلب", encoding="utf-8")
    proc = _run(
        "import",
        "--db",
        str(tmp_path / "p.db"),
        str(article),
        cwd=tmp_path,
        ANNOTATOR_RESOURCES=str(resources_without_nouns),
    )
    assert proc.returncode == 1
    missing = resources_without_nouns / "numbers_person_nouns.json"
    assert f"failed: {article}: the suggester failed: FileNotFoundError" in proc.stderr
    assert str(missing) in proc.stderr
    assert "hint: --no-suggest" in proc.stderr


def test_suggest_names_the_missing_data_file(tmp_path: Path, resources_without_nouns: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("قتل 5 مدنيين في حلب", encoding="utf-8")
    proc = _run(
        "suggest", str(article), cwd=tmp_path, ANNOTATOR_RESOURCES=str(resources_without_nouns)
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    missing = resources_without_nouns / "numbers_person_nouns.json"
    assert proc.stderr == (
        f"Error: the suggester cannot read {missing}: No such file or directory;"
        " reinstall annotator (or correct $ANNOTATOR_RESOURCES)\n"
    )


def test_first_start_says_when_the_samples_get_no_suggestions(
    tmp_path: Path, resources_without_nouns: Path
) -> None:
    shot = tmp_path / "shot.png"
    proc = _run(
        "gui",
        "--screenshot",
        str(shot),
        cwd=tmp_path,
        ANNOTATOR_RESOURCES=str(resources_without_nouns),
        QT_QPA_PLATFORM="offscreen",
    )
    assert proc.returncode == 0, proc.stderr
    assert shot.stat().st_size > 0
    assert "warning: the sample articles were imported without suggestions" in proc.stderr
    assert "numbers_person_nouns.json" in proc.stderr


def test_first_start_seeds_the_samples_with_suggestions(tmp_path: Path) -> None:
    proc = _run(
        "gui",
        "--screenshot",
        str(tmp_path / "shot.png"),
        cwd=tmp_path,
        QT_QPA_PLATFORM="offscreen",
        ANNOTATOR_RESOURCES=None,
    )
    assert proc.returncode == 0, proc.stderr
    assert "warning" not in proc.stderr
    stats = _run("stats", "--json", cwd=tmp_path)
    assert '"status": "suggested"' in stats.stdout


# --- Qt's system libraries and the display -------------------------------------------------

NO_SUCH_LIBRARY = {"libannotator-no-such-library.so.7": doctor.Package("libnosuch7", "nosuch")}
LINUX_XCB = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}


def test_a_missing_library_is_named_with_its_packages() -> None:
    check = doctor.gui_problems(LINUX_XCB, NO_SUCH_LIBRARY, system="linux")
    assert check.checked and not check.ok and not check.no_display
    assert list(check.missing) == ["libannotator-no-such-library.so.7"]
    message = check.message()
    assert "missing system libraries: libannotator-no-such-library.so.7" in message
    assert "Debian/Ubuntu: sudo apt install libnosuch7" in message
    assert "Fedora:        sudo dnf install nosuch" in message
    assert "no display" not in message


def test_a_library_that_is_there_is_found() -> None:
    libc = {"libc.so.6": doctor.Package("libc6", "glibc")}
    assert doctor.gui_problems(LINUX_XCB, libc, system="linux").ok


@pytest.mark.parametrize(
    ("env", "needs_display"),
    [
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({}, True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "minimal"}, False),
        ({"QT_QPA_PLATFORM": "wayland"}, False),
    ],
)
def test_a_display_is_needed_only_for_xcb(env: dict[str, str], needs_display: bool) -> None:
    check = doctor.gui_problems(env, {}, system="linux")
    assert check.no_display is needs_display


def test_nothing_is_checked_outside_linux() -> None:
    check = doctor.gui_problems({}, NO_SUCH_LIBRARY, system="darwin")
    assert check.ok and not check.checked


def test_no_display_gives_the_message_not_a_qt_abort(tmp_path: Path) -> None:
    proc = _run(
        "gui",
        "--db",
        str(tmp_path / "p.db"),
        cwd=tmp_path,
        QT_QPA_PLATFORM="xcb",
        DISPLAY=None,
        WAYLAND_DISPLAY=None,
    )
    assert proc.returncode == 1, proc.stderr  # Qt's abort would be -6 (SIGABRT)
    assert proc.stderr.startswith("Error: the desk (Qt) cannot start:")
    assert "no display: neither DISPLAY nor WAYLAND_DISPLAY is set" in proc.stderr
    assert proc.stderr.count("Error") == 1
    assert not (tmp_path / "p.db").exists()  # stopped before anything was opened
    bare = _run(cwd=tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=None, WAYLAND_DISPLAY=None)
    assert bare.returncode == 1 and "no display" in bare.stderr


def test_doctor_prints_every_check(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["doctor", "--db", str(tmp_path / "p.db")])
    lines = result.stdout.splitlines()
    assert lines[0].startswith("annotator: ")
    assert any(line.startswith("Python: 3.") for line in lines)
    assert any(line.startswith("PySide6: 6.") for line in lines)
    assert f"project database: {tmp_path / 'p.db'} (not created yet)" in lines
    assert f"resources: {ROOT / 'resources'} OK" in lines
    assert "interface languages: en, ar" in lines
    if sys.platform.startswith("linux"):
        for name in doctor.XCB_LIBRARIES:
            (line,) = [x for x in lines if x.startswith(f"library {name}: ")]
            assert line.endswith(": OK") or "missing (apt: " in line
        assert "display: not needed (QT_QPA_PLATFORM=offscreen; xcb not used)" in lines
    assert result.exit_code == 0, result.output  # offscreen: nothing else is needed


def test_doctor_fails_on_a_missing_library_and_no_display(tmp_path: Path) -> None:
    env = {"QT_QPA_PLATFORM": "xcb"}
    lines, ok = doctor.doctor_lines(tmp_path / "p.db", env, NO_SUCH_LIBRARY, system="linux")
    assert not ok
    assert (
        "library libannotator-no-such-library.so.7: missing (apt: libnosuch7, dnf: nosuch)" in lines
    )
    assert "display: missing (neither DISPLAY nor WAYLAND_DISPLAY is set)" in lines
    assert lines[-1].startswith("the desk (Qt) cannot start:")


def test_doctor_as_a_user_runs_it(tmp_path: Path) -> None:
    proc = _run("doctor", cwd=tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=None, WAYLAND_DISPLAY=None)
    assert proc.returncode == 1
    assert "display: missing" in proc.stdout
    assert "library libxcb-cursor.so.0: " in proc.stdout


def test_the_cli_layer_checks_without_qt() -> None:
    code = "import sys, annotator.services.doctor, annotator.cli; print('PySide6' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"
