"""No ``except ImportError`` fallback for a module that always ships (issue 12's dead code)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Imports that may really fail on a user's machine, and why.
OPTIONAL = {
    "spacy": "the [spacy] extra",
    "fcntl": "not on Windows",
    "psycopg": "the [server] extra (a team server)",
    "annotator.gui.app": "Qt's system libraries (libEGL, xcb…) may be missing",
}


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(
        isinstance(k, ast.Name) and k.id in ("ImportError", "ModuleNotFoundError") for k in kinds
    )


def _imported(body: list[ast.stmt]) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def import_fallbacks(root: Path) -> list[str]:
    """``file:line: module`` of every import guarded by an ImportError handler that is not in
    OPTIONAL."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Try) and any(_catches_import_error(h) for h in node.handlers):
                for module in sorted(_imported(node.body) - OPTIONAL.keys()):
                    found.append(f"{path.relative_to(root.parent)}:{node.lineno}: {module}")
    return found


def test_only_optional_imports_have_a_fallback() -> None:
    assert import_fallbacks(ROOT / "annotator") == []


def test_a_fallback_for_a_shipped_module_is_found(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "m.py").write_text(
        "try:\n    from annotator.arabic.tokens import tokenize\n"
        "except (ImportError, OSError):\n    tokenize = None\n"
        "try:\n    import spacy\nexcept ImportError:\n    spacy = None\n",
        encoding="utf-8",
    )
    assert import_fallbacks(package) == ["pkg/m.py:1: annotator.arabic.tokens"]
