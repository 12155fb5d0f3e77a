"""The suggester's output before and after a change: every span, attribute and score compared.

Runs the suggester of each code root (a checkout or a ``git archive`` copy) in its own process on
the same texts — the seeds, the development set, the unseen sets A, B and C, 3,000 articles of
bench/corpus.py (seed 1) and 3,000 of bench/speed.py's corpus — and compares the suggestions
article by article. Run from the repository root:

    git archive <commit> | tar -x -C /tmp/before
    python bench/identity.py --before /tmp/before [--after .] [--n 3000]

Prints one line per text set and the first differences; exits 1 when any article differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "seeds": "tests/data/gold_seeds.jsonl",
    "dev": "tests/suggest/data/dev_actor_place.jsonl",
    "unseen_a": "bench/data/unseen.jsonl",
    "unseen_b": "bench/data/unseen_b.jsonl",
    "unseen_c": "bench/data/unseen_c.jsonl",
}


def texts(n: int) -> dict[str, list[str]]:
    """The texts of every set, read from this checkout (the same for both code roots)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus  # type: ignore[import-not-found]
    import speed  # type: ignore[import-not-found]

    out: dict[str, list[str]] = {}
    for name, path in SETS.items():
        lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
        out[name] = [json.loads(line)["text"] for line in lines if line.strip()]
    out["corpus_seed1"] = [a.text for a in corpus.generate(n, 1)]
    out["speed_corpus"] = speed.corpus(n)
    return out


def dump(code_root: Path, inputs: Path, output: Path) -> None:
    """Suggestions of the suggester at ``code_root`` for the texts in ``inputs`` (a subprocess)."""
    script = (
        "import json, sys\n"
        "from annotator.suggest import load_suggester\n"
        "s = load_suggester()\n"
        "sets = json.load(open(sys.argv[1], encoding='utf-8'))\n"
        "with open(sys.argv[2], 'w', encoding='utf-8') as out:\n"
        "    for name, texts in sets.items():\n"
        "        for i, text in enumerate(texts):\n"
        "            rows = [[x.span.label.value, x.span.start, x.span.end,"
        " dict(x.span.attrs), x.score] for x in s.suggest(text)]\n"
        "            out.write(json.dumps([name, i, rows], ensure_ascii=False,"
        " sort_keys=True) + '\\n')\n"
    )
    env = dict(os.environ, PYTHONPATH=str(code_root), PYTHONHASHSEED="0")
    subprocess.run(
        [sys.executable, "-c", script, str(inputs), str(output)],
        env=env,
        check=True,
        cwd=code_root,
    )


def compare(before: Path, after: Path) -> int:
    """Print per set: articles, suggestions and differing articles; return the differences."""
    counts: dict[str, list[int]] = {}
    shown = 0
    with before.open(encoding="utf-8") as b, after.open(encoding="utf-8") as a:
        for line_b, line_a in zip(b, a, strict=True):
            name, i, rows = json.loads(line_b)
            c = counts.setdefault(name, [0, 0, 0])
            c[0] += 1
            c[1] += len(rows)
            if line_a != line_b:
                c[2] += 1
                if shown < 5:
                    shown += 1
                    print(f"DIFFERS {name}[{i}]:")
                    print(f"  before {line_b.strip()}\n  after  {line_a.strip()}")
    digest_b = hashlib.sha256(before.read_bytes()).hexdigest()[:16]
    digest_a = hashlib.sha256(after.read_bytes()).hexdigest()[:16]
    for name, (n, rows, bad) in counts.items():
        print(f"{name:14} {n:5} articles {rows:7} suggestions  {bad} differ")
    print(f"sha256 before {digest_b}  after {digest_a}")
    return sum(c[2] for c in counts.values())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the other code root")
    parser.add_argument("--after", type=Path, default=ROOT, help="default: this checkout")
    parser.add_argument("--n", type=int, default=3000, help="generated articles per corpus")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("ANNOTATOR_CACHE_DIR", str(Path(tmp) / "cache"))
        inputs = Path(tmp) / "texts.json"
        inputs.write_text(json.dumps(texts(args.n), ensure_ascii=False), encoding="utf-8")
        outs = []
        for label, code_root in (("before", args.before), ("after", args.after)):
            out = Path(tmp) / f"{label}.jsonl"
            dump(code_root.resolve(), inputs, out)
            outs.append(out)
        differ = compare(*outs)
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
