"""Can the desk start here? System libraries and a display for Qt, checked without Qt.

On Linux Qt's xcb platform plugin links system libraries that a fresh desktop may lack; without
one of them, or without a display, Qt aborts (SIGABRT) blaming xcb-cursor0 whatever is missing.
``gui_problems`` finds that out before Qt starts, so the command line can say what to install.
"""

from __future__ import annotations

import ctypes
import os
import platform
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from annotator.paths import resource_path, resources_dir, seeds_dir


@dataclass(frozen=True)
class Package:
    """The distribution packages that provide one shared library."""

    apt: str  # Debian, Ubuntu
    dnf: str  # Fedora


# What PySide6's xcb plugin (plugins/platforms/libqxcb.so and lib/libQt6XcbQpa.so.6) links
# outside Qt and the C library, as `ldd` lists it; the first five are the ones a fresh
# desktop most often lacks.
XCB_LIBRARIES: dict[str, Package] = {
    "libxcb-cursor.so.0": Package("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": Package("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": Package("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxkbcommon-x11.so.0": Package("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libEGL.so.1": Package("libegl1", "libglvnd-egl"),
    "libxcb-image.so.0": Package("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": Package("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": Package("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": Package("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": Package("libxcb-shape0", "libxcb"),
    "libxcb-xkb.so.1": Package("libxcb-xkb1", "libxcb"),
    "libxcb-xfixes.so.0": Package("libxcb-xfixes0", "libxcb"),
    "libxcb-shm.so.0": Package("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": Package("libxcb-sync1", "libxcb"),
    "libxcb-render.so.0": Package("libxcb-render0", "libxcb"),
    "libxcb.so.1": Package("libxcb1", "libxcb"),
    "libX11-xcb.so.1": Package("libx11-xcb1", "libX11-xcb"),
    "libxkbcommon.so.0": Package("libxkbcommon0", "libxkbcommon"),
    "libGL.so.1": Package("libgl1", "libglvnd-glx"),
    "libfontconfig.so.1": Package("libfontconfig1", "fontconfig"),
}

# Qt platforms that need neither an X display nor the xcb libraries.
_XCB = "xcb"
_AUTO = ""


def library_found(name: str) -> bool:
    """True if the dynamic loader can load the shared library ``name`` (a real load)."""
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def missing_libraries(libraries: Mapping[str, Package] = XCB_LIBRARIES) -> dict[str, Package]:
    """The libraries of ``libraries`` that cannot be loaded."""
    return {name: pkg for name, pkg in libraries.items() if not library_found(name)}


def qt_platform(env: Mapping[str, str]) -> str:
    """The platform plugin Qt will try first: QT_QPA_PLATFORM's first entry, '' if unset."""
    first = env.get("QT_QPA_PLATFORM", "").split(";")[0]
    return first.split(":")[0].strip().lower()


def _uses_xcb(env: Mapping[str, str]) -> bool:
    chosen = qt_platform(env)
    if chosen == _AUTO:  # Qt picks wayland on a Wayland session, else xcb
        return not (env.get("WAYLAND_DISPLAY") and not env.get("DISPLAY"))
    return chosen == _XCB


@dataclass
class GuiCheck:
    """What keeps Qt from starting here: missing libraries and a missing display."""

    checked: bool = False  # False where nothing needs checking (not Linux, or no xcb)
    platform: str = ""
    missing: dict[str, Package] = field(default_factory=dict)
    no_display: bool = False

    @property
    def ok(self) -> bool:
        return not self.missing and not self.no_display

    def message(self) -> str:
        """One message naming what is missing and how to install it ('' if nothing)."""
        if self.ok:
            return ""
        lines = ["the desk (Qt) cannot start:"]
        if self.missing:
            lines.append("  missing system libraries: " + ", ".join(self.missing))
            lines.append("  install them with")
            lines.append("    Debian/Ubuntu: " + apt_line(self.missing))
            lines.append("    Fedora:        " + dnf_line(self.missing))
        if self.no_display:
            lines.append(
                "  no display: neither DISPLAY nor WAYLAND_DISPLAY is set; start it from a"
                " desktop session (or ssh -X), or set QT_QPA_PLATFORM=offscreen for --screenshot"
            )
        return "\n".join(lines)


def apt_line(packages: Mapping[str, Package] = XCB_LIBRARIES) -> str:
    """The apt command installing these libraries' packages."""
    return "sudo apt install " + " ".join(dict.fromkeys(p.apt for p in packages.values()))


def dnf_line(packages: Mapping[str, Package] = XCB_LIBRARIES) -> str:
    """The dnf command installing these libraries' packages."""
    return "sudo dnf install " + " ".join(dict.fromkeys(p.dnf for p in packages.values()))


def gui_problems(
    env: Mapping[str, str] | None = None,
    libraries: Mapping[str, Package] = XCB_LIBRARIES,
    system: str | None = None,
) -> GuiCheck:
    """Check, before Qt starts, the libraries and display its xcb platform needs (Linux only)."""
    env = os.environ if env is None else env
    system = sys.platform if system is None else system
    check = GuiCheck(platform=qt_platform(env))
    if not system.startswith("linux") or not _uses_xcb(env):
        return check
    check.checked = True
    check.missing = missing_libraries(libraries)
    check.no_display = not env.get("DISPLAY") and not (
        check.platform == _AUTO and env.get("WAYLAND_DISPLAY")
    )
    return check


def _version(*distributions: str) -> str:
    for name in distributions:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def available_languages() -> list[str]:
    """The interface languages: English and every compiled translation in resources/i18n."""
    found = sorted(p.stem.removeprefix("annotator_") for p in resource_path("i18n").glob("*.qm"))
    return ["en", *found]


def _project_line(target: Path | str) -> str:
    """Where the project is: its file (or that it is not created yet), or its team server and
    whether a connection to it works (the connection string's password is never shown)."""
    if isinstance(target, Path):  # a file (a server's connection string is never a Path)
        return f"project database: {target}" + ("" if target.exists() else " (not created yet)")
    from annotator.services.errors import StoreError  # noqa: PLC0415
    from annotator.services.project import open_project  # noqa: PLC0415
    from annotator.services.projects import is_server, where  # noqa: PLC0415

    if not is_server(target):
        return _project_line(Path(target))
    try:
        open_project(target).close()
    except StoreError as exc:
        return f"project database: team server {where(target)}: {exc}"
    return f"project database: team server {where(target)}: OK"


def doctor_lines(
    db_path: Path | str,
    env: Mapping[str, str] | None = None,
    libraries: Mapping[str, Package] = XCB_LIBRARIES,
    system: str | None = None,
) -> tuple[list[str], bool]:
    """The doctor's report, one check a line, and whether the desk can start."""
    env = os.environ if env is None else env
    system = sys.platform if system is None else system
    lines = [
        f"Python: {platform.python_version()} ({sys.executable})",
        f"PySide6: {_version('PySide6-Essentials', 'PySide6')}",
        _project_line(db_path),
    ]
    found = resource_path("numbers_person_nouns.json").is_file()
    lines.append(f"resources: {resources_dir()} " + ("OK" if found else "MISSING"))
    seeds = seeds_dir()
    lines.append(f"sample articles: {seeds if seeds else 'not bundled'}")
    lines.append("interface languages: " + ", ".join(available_languages()))
    check = gui_problems(env, libraries, system)
    if system.startswith("linux"):
        for name, package in libraries.items():
            state = "missing" if name in check.missing or not library_found(name) else "OK"
            if state == "missing":
                state += f" (apt: {package.apt}, dnf: {package.dnf})"
            lines.append(f"library {name}: {state}")
        if not check.checked:
            chosen = check.platform or "automatic"
            lines.append(f"display: not needed (QT_QPA_PLATFORM={chosen}; xcb not used)")
        elif check.no_display:
            lines.append("display: missing (neither DISPLAY nor WAYLAND_DISPLAY is set)")
        else:
            lines.append(f"display: OK ({env.get('DISPLAY') or env.get('WAYLAND_DISPLAY')})")
    if not check.ok:
        lines.append(check.message())
    return lines, found and check.ok
