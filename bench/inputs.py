"""Input limits: peak memory of importing one huge article with suggestions, and of a huge file.

Builds a 49 MB single .txt article (the seed articles repeated) and a 3 GB sparse file, runs
``annotator import`` on each in a child process that reports its own peak memory (VmHWM: ru_maxrss
would count the parent's memory too, kept across the exec on Linux),
and prints the figures. Run from the repository root:

    python -m bench.inputs
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = (
    "import re, sys\n"
    "from annotator.cli import main\n"
    "sys.argv = ['annotator', *sys.argv[1:]]\n"
    "try:\n    main()\nfinally:\n"
    "    status = open('/proc/self/status').read()\n"
    "    peak = re.search(r'VmHWM:\\s+(\\d+)', status).group(1)\n"
    "    print(f'peak-kb={peak}', file=sys.stderr)\n"
)


def peak_import(folder: Path, *args: str) -> tuple[int, str]:
    """Peak memory (MB) of ``annotator import`` in a fresh process, and its output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ANNOTATOR_DATA_DIR": str(folder / "data")}
    db = folder / "bench.db"
    for stale in folder.glob("bench.db*"):
        stale.unlink()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, "import", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    peak = int(proc.stderr.rsplit("peak-kb=", 1)[1]) // 1024
    return peak, (proc.stdout + proc.stderr).replace(str(folder) + "/", "")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        folder = Path(tmp)
        seeds = "\n\n".join(p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
        chunk = (seeds + "\n\n").encode()
        big = folder / "big.txt"
        with big.open("wb") as fh:
            for _ in range(49 * 1024 * 1024 // len(chunk)):
                fh.write(chunk)
        sparse = folder / "x.txt"
        with sparse.open("wb") as fh:
            fh.truncate(3 * 1024**3)
        for name, args in (
            ("49 MB article, with suggestions", [str(big)]),
            ("49 MB article, --no-suggest", ["--no-suggest", str(big)]),
            ("3 GB sparse file", ["--no-suggest", str(sparse)]),
        ):
            peak, output = peak_import(folder, *args)
            print(f"{name}: peak {peak} MB")
            print("   " + output.strip().replace("\n", "\n   ").split("peak-kb=")[0])


if __name__ == "__main__":
    main()
