"""Suggester speed: articles per second on one core, warm start-up and cold compile time.

Articles are made by recombining the seed articles' sentences with random numbers and
random actor and place names (seeded, so every run sees the same corpus). Run from the
repository root:

    python bench/speed.py [--articles 5000] [--write]
    python bench/speed.py --cli 2000 [--runs 3]

``--cli N`` measures the command as the user runs it instead: ``annotator suggest`` in a fresh
process on N generated .txt files (bench/corpus.py, seed 7, plain UTF-8) and on one of them,
start-up included, with a warm gazetteer cache; wall clock and CPU time (user + system) of the
process, the median of ``--runs`` runs, output to /dev/null.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "tests" / "data" / "gold_seeds.jsonl"
_SENTENCE = re.compile(r"[^.\n؟!]+[.؟!]?")
_NUMBER = re.compile(r"\d+")


def corpus(n: int, seed: int = 20240601) -> list[str]:
    """``n`` synthetic articles of realistic size from the seeds' sentences."""
    rng = random.Random(seed)
    records = [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines()]
    sentences = [
        s.strip() for r in records for s in _SENTENCE.findall(r["text"]) if len(s.strip()) > 30
    ]
    names: dict[str, list[str]] = {"ACTOR": [], "PLACE": []}
    for r in records:
        for span in r["spans"]:
            if span["label"] in names and span["text"] not in names[span["label"]]:
                names[span["label"]].append(span["text"])
    actors = json.loads((ROOT / "resources" / "actors.json").read_text(encoding="utf-8"))
    extra_actors = [n for a in actors["actors"] for n in a["names"] if not n.isascii()]
    places = json.loads((ROOT / "resources" / "places.json").read_text(encoding="utf-8"))
    extra_places = [n for spec in places["localities"].values() for n in spec.split("|")]
    out: list[str] = []
    for _ in range(n):
        body = []
        for _ in range(rng.randint(10, 20)):
            sentence = rng.choice(sentences)
            sentence = _NUMBER.sub(lambda _m: str(rng.randint(2, 400)), sentence)
            for label, pool in (("ACTOR", extra_actors), ("PLACE", extra_places)):
                for name in names[label]:
                    whole = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
                    if whole.search(sentence) and rng.random() < 0.5:
                        new = rng.choice(pool)
                        sentence = whole.sub(lambda _m, new=new: new, sentence, count=1)
            body.append(sentence)
        paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
        out.append(rng.choice(sentences) + "\n\n" + "\n\n".join(paragraphs))
    return out


def cold_compile_seconds() -> float:
    """Compile the gazetteer from the installed data, ignoring any cache."""
    from annotator.suggest.gazetteer import load_gazetteer

    start = time.perf_counter()
    load_gazetteer(use_cache=False)
    return time.perf_counter() - start


def warm_startup_seconds(cache_dir: str, runs: int = 5) -> tuple[float, float]:
    """Median seconds, in a fresh interpreter with a warm cache, of (import + load, load)."""
    code = (
        "import time; t0 = time.perf_counter();"
        "from annotator.suggest import load_suggester; t1 = time.perf_counter();"
        "load_suggester(); t2 = time.perf_counter(); print(t2 - t0, t2 - t1)"
    )
    env = dict(os.environ, ANNOTATOR_CACHE_DIR=cache_dir)
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True)
    totals, loads = [], []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        total, load = (float(x) for x in done.stdout.split())
        totals.append(total)
        loads.append(load)
    return statistics.median(totals), statistics.median(loads)


def throughput(texts: list[str], repeat: int = 1) -> tuple[float, float, int]:
    """Articles per second of one suggester on one core (wall clock and CPU time of this
    process, the best of ``repeat`` runs), and suggestions made."""
    from annotator.suggest import load_suggester

    suggester = load_suggester()
    suggester.suggest(texts[0])
    wall = cpu = float("inf")
    made = 0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        made = sum(len(s) for s in suggester.suggest_many(texts))
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return len(texts) / wall, len(texts) / cpu, made


def cli_runs(n: int, runs: int) -> dict[str, float]:
    """``annotator suggest`` on ``n`` generated files and on one: median wall and CPU seconds."""
    from corpus import write_corpus  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        write_corpus(folder, n, 7, "txt", clean=True)
        one = sorted(folder.rglob("*.txt"))[0]
        env = dict(
            os.environ,
            PYTHONPATH=str(ROOT),
            ANNOTATOR_DATA_DIR=str(Path(tmp) / "data"),
            ANNOTATOR_CACHE_DIR=str(Path(tmp) / "cache"),
        )
        command = [sys.executable, "-m", "annotator", "suggest"]
        subprocess.run([*command, str(one)], env=env, check=True, stdout=subprocess.DEVNULL)
        out: dict[str, list[float]] = {}
        for _ in range(runs):
            for name, target in (("files", folder), ("one", one)):
                before = os.times()
                start = time.perf_counter()
                subprocess.run(
                    [*command, str(target)], env=env, check=True, stdout=subprocess.DEVNULL
                )
                wall = time.perf_counter() - start
                after = os.times()
                cpu = (after.children_user - before.children_user) + (
                    after.children_system - before.children_system
                )
                out.setdefault(f"{name}_wall_s", []).append(wall)
                out.setdefault(f"{name}_cpu_s", []).append(cpu)
    figures = {k: round(statistics.median(v), 3) for k, v in out.items()}
    figures["files_per_cpu_second"] = round(n / figures["files_cpu_s"], 1)
    figures["files_per_second"] = round(n / figures["files_wall_s"], 1)
    return figures


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--cli", type=int, default=0, metavar="N", help="time the command")
    parser.add_argument("--runs", type=int, default=3, help="--cli: the median of this many")
    args = parser.parse_args()
    if args.cli:
        sys.path.insert(0, str(ROOT / "bench"))
        figures = cli_runs(args.cli, args.runs)
        figures["load_average_1min"] = round(os.getloadavg()[0], 2)
        print(json.dumps({"files": args.cli, **figures}, indent=2))
        return
    with tempfile.TemporaryDirectory() as cache:
        os.environ["ANNOTATOR_CACHE_DIR"] = cache
        cold = cold_compile_seconds()
        warm_total, warm_load = warm_startup_seconds(cache)
        texts = corpus(args.articles)
        chars = sum(len(t) for t in texts) / len(texts)
        rate, cpu_rate, made = throughput(texts, args.repeat)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    figures = {
        "articles": len(texts),
        "mean_chars": round(chars),
        "articles_per_second": round(rate, 1),
        "articles_per_cpu_second": round(cpu_rate, 1),
        "load_average_1min": round(load, 2),
        "suggestions": made,
        "warm_start_import_and_load_s": round(warm_total, 3),
        "warm_start_load_s": round(warm_load, 3),
        "cold_compile_s": round(cold, 2),
    }
    print(json.dumps(figures, indent=2))
    if args.write:
        from quality import write_section  # type: ignore[import-not-found]

        body = "\n".join(
            [
                "## Speed (bench/speed.py)",
                "",
                f"Machine: {machine()}. One process, one core.",
                f"Rerun: `python bench/speed.py --articles {args.articles} --write`"
                " (from the repository root).",
                "",
                "| measure | figure | target |",
                "| --- | --- | --- |",
                f"| throughput ({figures['articles']} synthetic articles, mean"
                f" {figures['mean_chars']} characters; load average {load:.1f}) |"
                f" {figures['articles_per_second']} articles/s (CPU time: {cpu_rate:.1f}/s)"
                " | ≥ 500/s |",
                f"| warm start-up: import + load_suggester() | {warm_total:.3f} s | < 1 s |",
                f"| warm start-up: load_suggester() alone | {warm_load:.3f} s | |",
                f"| cold compile of the gazetteer (no cache) | {cold:.2f} s | |",
                "",
            ]
        )
        sys.path.insert(0, str(ROOT / "bench"))
        write_section(ROOT / "bench" / "RESULTS.md", "## Speed (bench/speed.py)", body)


if __name__ == "__main__":
    main()
