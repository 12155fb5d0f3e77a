"""The desk's settings stay in the folders the environment names: $ANNOTATOR_CONFIG_DIR, else
$ANNOTATOR_DATA_DIR; never the user's ~/.config when either is set."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from annotator.gui.settings import Settings
from tests.gui.desk_driver import ROOT, desk_interrupted, make_desk_project

CODER = "portable"


def test_settings_live_in_the_data_folder_without_a_config_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ANNOTATOR_CONFIG_DIR")
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(tmp_path / "data"))
    settings = Settings()
    settings.coder = CODER
    assert Path(settings.store.fileName()) == tmp_path / "data" / "annotator.ini"
    assert f"coder={CODER}" in (tmp_path / "data" / "annotator.ini").read_text(encoding="utf-8")
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(tmp_path / "config"))
    assert Path(Settings().store.fileName()) == tmp_path / "config" / "annotator.ini"


@pytest.mark.skipif(sys.platform == "win32", reason="XDG_CONFIG_HOME and SIGINT are POSIX")
def test_a_desk_with_its_own_data_folder_leaves_the_users_config_alone(tmp_path: Path) -> None:
    """A real ``annotator gui`` run with only ANNOTATOR_DATA_DIR set (a portable install) reads
    and writes its settings there; the user's config folder is never created."""
    data = tmp_path / "data"
    data.mkdir()
    ini = data / "annotator.ini"
    ini.write_text(f"[General]\ncoder={CODER}\n", encoding="utf-8")
    db_path = tmp_path / "desk.db"
    make_desk_project(db_path)
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_CONFIG_DIR"}
    env |= {
        "ANNOTATOR_DATA_DIR": str(data),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
    }
    returncode, err = desk_interrupted(db_path, env, ini, CODER)
    assert returncode == 0, err
    assert "geometry" in ini.read_text(encoding="utf-8")  # the layout saved on the way out
    assert not (home / ".config" / "annotator").exists()
