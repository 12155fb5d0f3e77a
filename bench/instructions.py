"""Instructions per article of the suggester (callgrind): a speed figure that load does not move.

Runs the suggester of ``--code-root`` (this checkout by default, or a ``git archive`` copy of
another commit) under ``valgrind --tool=callgrind`` with ``PYTHONHASHSEED=0`` twice: once
importing, loading the suggester and reading the texts, once doing the same and suggesting every
text. The difference divided by the number of texts is the work per article. Run from the
repository root:

    python bench/instructions.py [--code-root /tmp/other] [--n 300] [--texts-from /tmp/s11]

The texts are bench/speed.py's corpus (its first ``--n`` articles), made by the speed.py of
``--texts-from`` (default: this checkout), so that two versions can be compared on one corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_TOTALS = re.compile(r"^(?:summary|totals):\s+(\d+)", re.MULTILINE)
_SCRIPT = (
    "import json, sys\n"
    "from annotator.suggest import load_suggester\n"
    "s = load_suggester()\n"
    "texts = json.load(open(sys.argv[1], encoding='utf-8'))\n"
    "if sys.argv[2] == 'suggest':\n"
    "    for text in texts:\n"
    "        s.suggest(text)\n"
)


def make_texts(texts_from: Path, n: int, out: Path) -> None:
    """The first ``n`` articles of the speed.py corpus of ``texts_from``, as a JSON list."""
    script = "import json, sys, speed; json.dump(speed.corpus(int(sys.argv[1])), sys.stdout)"
    done = subprocess.run(
        [sys.executable, "-c", script, str(n)],
        cwd=texts_from / "bench",
        env=dict(os.environ, PYTHONPATH=str(texts_from)),
        check=True,
        capture_output=True,
        text=True,
    )
    out.write_text(done.stdout, encoding="utf-8")


def instructions(code_root: Path, texts: Path, what: str, tmp: Path) -> int:
    """Instructions of one process (callgrind's total)."""
    out = tmp / f"callgrind.{what}.out"
    env = dict(os.environ, PYTHONPATH=str(code_root), PYTHONHASHSEED="0")
    subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            sys.executable,
            "-c",
            _SCRIPT,
            str(texts),
            what,
        ],
        env=env,
        cwd=code_root,
        check=True,
        capture_output=True,
    )
    found = _TOTALS.search(out.read_text(encoding="utf-8", errors="replace"))
    if found is None:
        raise SystemExit(f"{out}: no instruction total in callgrind's output")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code-root", type=Path, default=ROOT)
    parser.add_argument("--texts-from", type=Path, default=ROOT)
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        os.environ.setdefault("ANNOTATOR_CACHE_DIR", str(tmp / "cache"))
        texts = tmp / "texts.json"
        make_texts(args.texts_from.resolve(), args.n, texts)
        root = args.code_root.resolve()
        instructions(root, texts, "load", tmp)  # warm the gazetteer cache
        start = instructions(root, texts, "load", tmp)
        total = instructions(root, texts, "suggest", tmp)
    figures = {
        "code_root": str(root),
        "articles": args.n,
        "start_instructions_M": round(start / 1e6, 1),
        "instructions_per_article_M": round((total - start) / args.n / 1e6, 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
