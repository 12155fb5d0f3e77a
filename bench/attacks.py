"""The outside tester's attacks on the data paths (issue 11), re-run against this checkout.

Each attack runs for real: ``python -m annotator`` (this checkout first on the path) or a child
process on the project's services, on real files in a temporary folder: SIGKILL and Ctrl+C in
the middle of imports, exports, merges, backups and a coder's saves; two writers at once; a full
disk (a small tmpfs); hostile files (binary, wrong encoding, NUL bytes, lone surrogates, deep
JSON, huge and sparse files, symlinks, FIFOs); hostile names (SQL-ish, markup, escape sequences,
bidi overrides, ``$``, path traversal, lookalikes of ``gold``); damaged projects. Each attack has
one pass/fail criterion and is reported as held or FAILED; attacks that need root-only facilities
(tmpfs mount, setpriv) are skipped when those are missing. Run from the repository root:

    python bench/attacks.py [--write] [--only WORD]

``--write`` records the table in bench/RESULTS.md ("Attacks (bench/attacks.py)").
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
TITLE = "## Attacks (bench/attacks.py)"
GOLD_SEEDS = ROOT / "tests" / "data" / "gold_seeds.jsonl"
HELD, FAILED, SKIPPED = "held", "FAILED", "skipped"


@dataclass
class Attack:
    name: str
    did: str
    expected: str
    run: Callable[[Path], tuple[bool | None, str]]


@dataclass
class Outcome:
    attack: Attack
    result: str
    detail: str
    seconds: float


ATTACKS: list[Attack] = []


def attack(name: str, did: str, expected: str) -> Callable[[Callable], Callable]:
    def register(fn: Callable[[Path], tuple[bool | None, str]]) -> Callable:
        ATTACKS.append(Attack(name, did, expected, fn))
        return fn

    return register


# ---------------------------------------------------------------- helpers


def env_for(work: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ANNOTATOR_DATA_DIR": str(work / "userdata"),
        "ANNOTATOR_CACHE_DIR": str(work / "cache"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def cli_args(*args: object) -> list[str]:
    return [sys.executable, "-m", "annotator", *map(str, args)]


def cli(work: Path, *args: object, timeout: float = 120, prefix: list[str] | None = None):
    return subprocess.run(
        [*(prefix or []), *cli_args(*args)],
        cwd=work,
        env=env_for(work),
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def spawn(work: Path, *args: object, code: str | None = None, **kw) -> subprocess.Popen:
    argv = [sys.executable, "-c", code, *map(str, args)] if code else cli_args(*args)
    return subprocess.Popen(
        argv,
        cwd=work,
        env=env_for(work),
        stdout=kw.pop("stdout", subprocess.PIPE),
        stderr=kw.pop("stderr", subprocess.PIPE),
        text=True,
        errors="replace",
        **kw,
    )


def said(proc) -> str:
    return (proc.stdout or "") + (proc.stderr or "")


def short(text: str, limit: int = 150) -> str:
    one = " / ".join(line.strip() for line in text.strip().splitlines() if line.strip())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def quick_check(db: Path) -> str:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return con.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        con.close()


def scalar(db: Path, sql: str, *params: object) -> object:
    con = sqlite3.connect(db, timeout=30)
    try:
        return con.execute(sql, params).fetchone()[0]
    finally:
        con.close()


def records(n: int, annotator: str | None = "ali", first: int = 0) -> list[dict]:
    """``n`` coded articles: the gold seeds' texts made distinct, with their spans."""
    seeds = [json.loads(line) for line in GOLD_SEEDS.read_text("utf-8").splitlines() if line]
    out = []
    for i in range(first, first + n):
        rec = dict(seeds[i % len(seeds)])
        rec["text"] = rec["text"] + f"\n\n(نسخة {i})"
        rec["source"] = f"s{i}.txt"
        if annotator:
            rec["annotator"] = annotator
        out.append(rec)
    return out


def write_jsonl(path: Path, recs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), "utf-8")
    return path


def txt_folder(folder: Path, n: int, size: int = 400) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    body = "قصف على حلب وقتل 12 مدنياً في دير الزور. " * (size // 40 + 1)
    for i in range(n):
        (folder / f"a{i:05}.txt").write_text(f"خبر رقم {i}\n{body}", "utf-8")
    return folder


def project(work: Path, name: str = "p.db", n: int = 20, annotator: str = "ali") -> Path:
    db = work / name
    lines = write_jsonl(work / f"{name}.jsonl", records(n, annotator))
    proc = cli(work, "import", "--db", db, "--no-suggest", lines)
    if proc.returncode != 0:
        raise RuntimeError(f"setting up {name}: {short(said(proc))}")
    return db


def traceback_in(text: str) -> bool:
    return "Traceback (most recent call last)" in text


def clean_refusal(proc, *needles: str) -> tuple[bool, str]:
    """Exit 1 (not 0, not a crash), no traceback, and every needle in the output."""
    text = said(proc)
    missing = [n for n in needles if n not in text]
    ok = proc.returncode == 1 and not traceback_in(text) and not missing
    detail = f"exit {proc.returncode}: {short(text)}"
    if missing:
        detail += f" (missing {missing})"
    return ok, detail


def tmpfs(work: Path, size: str) -> Path | None:
    """A small tmpfs under ``work`` (root only), or None."""
    mnt = work / "full"
    mnt.mkdir()
    if shutil.which("mount") is None:
        return None
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)],
        capture_output=True,
        check=False,
    )
    return mnt if proc.returncode == 0 else None


def umount(mnt: Path) -> None:
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True, check=False)


def fill(mnt: Path) -> None:
    """Fill the file system at ``mnt`` to the last byte."""
    fd = os.open(mnt / "ballast", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)


def wait_until(pred: Callable[[], bool], timeout: float = 60) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if pred():
                return True
        except sqlite3.Error:
            pass
        time.sleep(0.02)
    return False


def kill(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
    proc.communicate(timeout=60)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# ---------------------------------------------------------------- kills


@attack(
    "SIGKILL during import",
    "kill -9 a folder import of 1,500 .txt files at 3 moments, then rerun it",
    "project passes quick_check after each kill; the rerun ends with all 1,500, none twice",
)
def kill_import(work: Path) -> tuple[bool | None, str]:
    folder = txt_folder(work / "in", 1500)
    db = work / "p.db"
    counts = []
    for target in (50, 500, 1000):
        proc = spawn(work, "import", "--db", db, "--no-suggest", folder)
        wait_until(
            lambda t=target: db.exists() and scalar(db, "SELECT count(*) FROM articles") >= t
        )
        kill(proc)
        check = quick_check(db)
        if check != "ok":
            return False, f"after a kill at {target}: quick_check {check}"
        counts.append(scalar(db, "SELECT count(*) FROM articles"))
    proc = cli(work, "import", "--db", db, "--no-suggest", folder)
    total = scalar(db, "SELECT count(*) FROM articles")
    distinct = scalar(db, "SELECT count(DISTINCT text) FROM articles")
    ok = proc.returncode == 0 and total == distinct == 1500
    return ok, f"articles after kills {counts}; after rerun {total} ({distinct} distinct)"


def snapshot(out: Path) -> dict[str, bytes] | None:
    """An export's files and bytes (the time stamp of a folder's marker file left out)."""
    if not out.is_dir():
        return {"": out.read_bytes()} if out.exists() else None
    files = tree(out)
    marker = files.get("annotator-export.json")
    if marker is not None:
        meta = json.loads(marker)
        meta.pop("exported_at", None)
        files["annotator-export.json"] = json.dumps(meta, sort_keys=True).encode()
    return files


def export_kills(work: Path, fmt: str, out: Path) -> tuple[bool, str]:
    """OUT holds the export of ali's layer; kill -9 an export of every layer over it at moments
    spread over its run (the end included, where the old export is swapped for the new)."""
    db = project(work, n=100)
    cli(
        work,
        "import",
        "--db",
        db,
        "--no-suggest",
        write_jsonl(work / "b.jsonl", records(30, "bea")),
    )
    refs = {}
    took = 0.0
    for layer in ("ali", "all"):
        ref = work / f"ref-{layer}{out.suffix}"
        start = time.monotonic()
        proc = cli(work, "export", "--db", db, "--format", fmt, "--layer", layer, "--out", ref)
        took = time.monotonic() - start
        if proc.returncode != 0:
            return False, f"reference export: {short(said(proc))}"
        refs[layer] = snapshot(ref)
    seen = []
    for fraction in (0.3, 0.5, 0.65, 0.8, 0.9, 0.95, 1.0, 1.05):
        if snapshot(out) != refs["ali"]:
            cli(work, "export", "--db", db, "--format", fmt, "--layer", "ali", "--out", out)
        proc = spawn(work, "export", "--db", db, "--format", fmt, "--layer", "all", "--out", out)
        time.sleep(took * fraction)
        kill(proc)
        now = snapshot(out)
        seen.append("old" if now == refs["ali"] else "new" if now == refs["all"] else "BROKEN")
        if seen[-1] == "BROKEN":
            return False, f"after a kill at {fraction:.2f} of an export: OUT is " + (
                "gone" if now is None else "neither the old nor the new export"
            )
    proc = cli(work, "export", "--db", db, "--format", fmt, "--layer", "all", "--out", out)
    names = [p.name for p in out.parent.iterdir()]
    leftovers = sorted(n for n in names if n.startswith(f".{out.name}") or ".part" in n)
    ok = proc.returncode == 0 and not leftovers and snapshot(out) == refs["all"]
    return ok, f"OUT after each kill: {seen}; leftovers after a clean run: {leftovers or 'none'}"


@attack(
    "SIGKILL during a file export",
    "kill -9 `export --format jsonl` over an earlier export, 8 times spread over its run",
    "OUT is always the whole old or whole new file; no temporary files left after a clean run",
)
def kill_export_file(work: Path) -> tuple[bool | None, str]:
    return export_kills(work, "jsonl", work / "out.jsonl")


@attack(
    "SIGKILL during a folder export replacing an earlier one",
    "kill -9 `export --format brat` over an earlier brat folder, 8 times spread over its run",
    "the old export (or the new, whole) is always at OUT; no hidden .OUT.*.old left",
)
def kill_export_folder(work: Path) -> tuple[bool | None, str]:
    return export_kills(work, "brat", work / "brat")


@attack(
    "SIGKILL during a CSV folder export",
    "kill -9 `export --format csv` over an earlier csv folder, 8 times spread over its run",
    "OUT always whole (old or new); leftovers cleaned at the next run",
)
def kill_export_csv(work: Path) -> tuple[bool | None, str]:
    return export_kills(work, "csv", work / "csv")


@attack(
    "SIGKILL during merge",
    "kill -9 `merge OUT ali.db bea.db` (300 articles each) at 5 moments over its run, then rerun",
    "OUT absent or a complete merge after each kill (never an empty valid-looking project); "
    "the rerun equals an uninterrupted merge",
)
def kill_merge(work: Path) -> tuple[bool | None, str]:
    ali = project(work, "ali.db", 300, "ali")
    bea = project(work, "bea.db", 300, "bea")
    ref = work / "ref.db"
    start = time.monotonic()
    proc = cli(work, "merge", ref, ali, bea)
    took = time.monotonic() - start
    if proc.returncode != 0:
        return False, f"reference merge: {short(said(proc))}"
    want = scalar(ref, "SELECT count(*) FROM spans")
    out = work / "out.db"
    states = []
    for fraction in (0.1, 0.4, 0.7, 0.9, 1.0):
        delay = took * fraction
        proc = spawn(work, "merge", out, ali, bea)
        time.sleep(delay)
        kill(proc)
        if not out.exists():
            states.append("absent")
            continue
        spans = scalar(out, "SELECT count(*) FROM spans")
        states.append(f"{spans} spans")
        if quick_check(out) != "ok" or spans != want:
            st = cli(work, "stats", "--db", out)
            if st.returncode == 0:
                return (
                    False,
                    f"killed at {fraction} : OUT has {spans}/{want} spans, opens as valid",
                )
    proc = cli(work, "merge", out, ali, bea)
    got = scalar(out, "SELECT count(*) FROM spans")
    return proc.returncode == 0 and got == want, f"after kills: {states}; rerun {got}/{want} spans"


CODER = """
import sys
from annotator.services.coding import CodingSession
from annotator.store import open_store
session = CodingSession(open_store(sys.argv[1]), sys.argv[2])
first, last = int(sys.argv[3]), int(sys.argv[4])
n = 0
for article in range(first, last + 1):
    text = session.text(article)
    for start in range(0, min(len(text) - 3, 400), 6):
        session.add_span(article, start, start + 3, "PLACE")
        n += 1
        print(n, flush=True)
print("end", flush=True)
"""


@attack(
    "SIGKILL of the desk while coding",
    "a coder's save path (CodingSession, as the desk) adds spans; kill -9 after ~1 s",
    "every save acknowledged before the kill is in the project; quick_check ok",
)
def kill_desk(work: Path) -> tuple[bool | None, str]:
    db = project(work, n=20)
    proc = spawn(work, db, "zoe", 1, 20, code=CODER)
    acked = 0
    end = time.monotonic() + 1.0
    assert proc.stdout is not None
    while time.monotonic() < end:
        line = proc.stdout.readline()
        if not line.strip().isdigit():
            break
        acked = int(line)
    proc.kill()
    proc.wait()
    stored = scalar(db, "SELECT count(*) FROM spans WHERE annotator = 'zoe'")
    check = quick_check(db)
    ok = acked > 0 and stored >= acked and check == "ok"
    return ok, f"{acked} saves acknowledged, {stored} stored, quick_check {check}"


@attack(
    "SIGKILL during backup",
    "kill -9 `annotator backup --out b.db` of a 3,000-article project at 4 moments",
    "b.db absent or a whole, checked copy; the project unharmed",
)
def kill_backup(work: Path) -> tuple[bool | None, str]:
    db = work / "p.db"
    cli(work, "import", "--db", db, "--no-suggest", txt_folder(work / "in", 3000, 2000))
    n = scalar(db, "SELECT count(*) FROM articles")
    seen = []
    for delay in (0.05, 0.2, 0.4, 0.8):
        out = work / f"b{delay}.db"
        proc = spawn(work, "backup", "--db", db, "--out", out)
        time.sleep(delay)
        kill(proc)
        if out.exists():
            try:
                good = (
                    quick_check(out) == "ok" and scalar(out, "SELECT count(*) FROM articles") == n
                )
            except sqlite3.Error as exc:
                good = False
                seen.append(str(exc))
            seen.append("whole" if good else "PARTIAL")
        else:
            seen.append("absent")
    ok = "PARTIAL" not in seen and quick_check(db) == "ok"
    return ok, f"backup after each kill: {seen}"


@attack(
    "Ctrl+C during import",
    "SIGINT once to a folder import of 1,500 files, then the same command again",
    "exit 130, says how many files were saved and that rerunning resumes; rerun completes",
)
def sigint_import(work: Path) -> tuple[bool | None, str]:
    folder = txt_folder(work / "in", 1500)
    db = work / "p.db"
    proc = spawn(work, "import", "--db", db, "--no-suggest", folder)
    wait_until(lambda: db.exists() and scalar(db, "SELECT count(*) FROM articles") >= 100)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    text = out + err
    rerun = cli(work, "import", "--db", db, "--no-suggest", folder)
    total = scalar(db, "SELECT count(*) FROM articles")
    ok = (
        proc.returncode == 130
        and "saved" in text
        and not traceback_in(text)
        and rerun.returncode == 0
        and total == 1500
    )
    return ok, f"exit {proc.returncode}: {short(text)}; rerun → {total} articles"


# ---------------------------------------------------------------- concurrency


@attack(
    "two coders writing at once",
    "two processes save spans into one project at the same time (articles 1-10 and 11-20)",
    "both finish without a busy error; every acknowledged save stored",
)
def two_writers(work: Path) -> tuple[bool | None, str]:
    db = project(work, n=20)
    a = spawn(work, db, "zoe", 1, 10, code=CODER)
    b = spawn(work, db, "yan", 11, 20, code=CODER)
    outs = [p.communicate(timeout=240) for p in (a, b)]
    acked = [int(o.split()[-2]) if o.strip().endswith("end") else -1 for o, _ in outs]
    stored = [
        scalar(db, "SELECT count(*) FROM spans WHERE annotator = ?", who) for who in ("zoe", "yan")
    ]
    errors = [short(e) for _, e in outs if e.strip()]
    ok = a.returncode == b.returncode == 0 and acked == stored and not errors
    return ok, f"acknowledged {acked}, stored {stored}" + (f"; {errors}" if errors else "")


@attack(
    "two imports of the same folder at once",
    "two `import` processes on the same 400 files into one project",
    "400 articles, none twice; both exit 0",
)
def two_imports(work: Path) -> tuple[bool | None, str]:
    folder = txt_folder(work / "in", 400)
    db = work / "p.db"
    cli(work, "stats", "--db", db)  # create the project first, as a coder would have
    a = spawn(work, "import", "--db", db, "--no-suggest", folder)
    b = spawn(work, "import", "--db", db, "--no-suggest", folder)
    outs = [p.communicate(timeout=240) for p in (a, b)]
    total = scalar(db, "SELECT count(*) FROM articles")
    ok = a.returncode == b.returncode == 0 and total == 400
    return ok, f"exits {a.returncode}/{b.returncode}, {total} articles; " + short(
        " | ".join(o + e for o, e in outs), 120
    )


@attack(
    "merge while a coder writes to an input",
    "`merge OUT ali.db` while coder zoe saves spans into ali.db; then merge again",
    "merge exits 0; no audit row without row_id, none twice; the second merge brings the rest",
)
def merge_while_writing(work: Path) -> tuple[bool | None, str]:
    ali = project(work, "ali.db", 300, "ali")
    out = work / "out.db"
    coder = spawn(work, ali, "zoe", 1, 300, code=CODER)
    assert coder.stdout is not None
    coder.stdout.readline()
    first = cli(work, "merge", out, ali)
    coder.kill()
    coder.wait()
    second = cli(work, "merge", out, ali)
    null_rows = scalar(out, "SELECT count(*) FROM audit WHERE row_id IS NULL AND tbl = 'spans'")
    dup = scalar(
        out,
        "SELECT count(*) FROM (SELECT 1 FROM audit WHERE tbl = 'spans'"
        " GROUP BY at, who, action, row_id, after HAVING count(*) > 1)",
    )
    want = scalar(ali, "SELECT count(*) FROM spans WHERE annotator = 'zoe'")
    got = scalar(out, "SELECT count(*) FROM spans WHERE annotator = 'zoe'")
    ok = first.returncode == second.returncode == 0 and null_rows == 0 and dup == 0 and got == want
    return ok, (
        f"exits {first.returncode}/{second.returncode}; zoe's spans {got}/{want};"
        f" audit rows without row_id {null_rows}, repeated {dup}"
    )


@attack(
    "merge of a coder who replaced imported spans",
    "coder ali adds spans over the spans imported for ali (the desk deletes those), then "
    "`merge OUT ali.db`",
    "OUT has ali's spans and every audit row of the input; each audit row keeps its row link",
)
def merge_replaced(work: Path) -> tuple[bool | None, str]:
    ali = project(work, "ali.db", 30, "ali")
    spawn(work, ali, "ali", 1, 30, code=CODER).communicate(timeout=120)
    out = work / "out.db"
    proc = cli(work, "merge", out, ali)
    q_spans = "SELECT count(*) FROM spans WHERE annotator = 'ali'"
    q_audit = "SELECT count(*) FROM audit WHERE tbl = 'spans'"
    q_null = "SELECT count(*) FROM audit WHERE tbl = 'spans' AND row_id IS NULL"
    spans, audit, null = (scalar(out, q) for q in (q_spans, q_audit, q_null))
    want_spans, want_audit, deleted = (
        scalar(ali, q_spans),
        scalar(ali, q_audit),
        scalar(ali, "SELECT count(*) FROM audit WHERE tbl = 'spans' AND action = 'delete'"),
    )
    ok = proc.returncode == 0 and spans == want_spans and audit == want_audit and null == 0
    return ok, (
        f"spans {spans}/{want_spans}, audit rows {audit}/{want_audit}; {null} audit rows lost"
        f" their row_id (the input deleted {deleted} spans)"
    )


@attack(
    "merge again after the coder replaced merged spans",
    "`merge OUT ali.db`; coder ali then marks PLACE spans over their ACTOR and CASUALTY spans "
    "(the desk replaces those); `merge OUT ali.db` again",
    "OUT never holds two overlapping spans of one coder; each clash is listed as a conflict",
)
def remerge_replaced(work: Path) -> tuple[bool | None, str]:
    ali = project(work, "ali.db", 5, "ali")
    out = work / "out.db"
    first = cli(work, "merge", out, ali)
    spawn(work, ali, "ali", 1, 5, code=CODER).communicate(timeout=120)
    second = cli(work, "merge", out, ali)
    overlaps = scalar(
        out,
        "SELECT count(*) FROM spans a JOIN spans b ON a.article_id = b.article_id"
        ' AND a.annotator = b.annotator AND a.id < b.id AND a.start < b."end"'
        ' AND b.start < a."end" WHERE a.annotator IS NOT NULL'
        " AND 'rejected' NOT IN (a.status, b.status)",
    )
    conflicts = said(second).count("coder ali, span:")
    ok = first.returncode == second.returncode == 0 and overlaps == 0 and conflicts > 0
    return ok, f"overlapping pairs of one coder in OUT: {overlaps}; conflicts listed: {conflicts}"


@attack(
    "restore while the project is open",
    "`annotator restore` of a good backup while another process holds the project open",
    "refused with a message; the project unchanged",
)
def restore_while_open(work: Path) -> tuple[bool | None, str]:
    db = project(work, n=10)
    backup = work / "b.db"
    cli(work, "backup", "--db", db, "--out", backup)
    holder = spawn(
        work,
        db,
        code="import sys; from annotator.store import open_store; db = open_store(sys.argv[1]);"
        " db.execute('SELECT 1'); print('open', flush=True); sys.stdin.read()",
        stdin=subprocess.PIPE,
    )
    assert holder.stdout is not None and holder.stdin is not None
    holder.stdout.readline()
    proc = cli(work, "restore", "--db", db, backup)
    holder.stdin.close()
    holder.wait(60)
    return clean_refusal(proc)


# ---------------------------------------------------------------- full disk


@attack(
    "full disk during import",
    "import 60 files of 40 KB into a project on a 1 MB tmpfs",
    "stops at the first 'disk full' with one message (not one per file); project passes "
    "quick_check",
)
def full_import(work: Path) -> tuple[bool | None, str]:
    mnt = tmpfs(work, "1m")
    if mnt is None:
        return None, "tmpfs mount unavailable (needs root)"
    try:
        folder = txt_folder(work / "in", 60, 40_000)
        db = mnt / "p.db"
        proc = cli(work, "import", "--db", db, "--no-suggest", folder)
        text = said(proc)
        failed = [x for x in text.splitlines() if x.startswith("failed:")]
        check = quick_check(db) if db.exists() else "absent"
        ok = proc.returncode == 1 and len(failed) <= 1 and "stopped" in text and check == "ok"
        ok = ok and "full" in text and not traceback_in(text)
        return ok, f"exit {proc.returncode}, quick_check {check}: {short(text)}"
    finally:
        umount(mnt)


@attack(
    "full disk during export",
    "export jsonl and brat of 100 articles onto a full tmpfs, over an earlier export",
    "one clear message, exit 1; the earlier export intact; no partial file",
)
def full_export(work: Path) -> tuple[bool | None, str]:
    db = project(work, n=100)
    mnt = tmpfs(work, "8m")
    if mnt is None:
        return None, "tmpfs mount unavailable (needs root)"
    try:
        details, ok = [], True
        for fmt, name in (("jsonl", "out.jsonl"), ("brat", "brat")):
            out = mnt / name
            first = cli(work, "export", "--db", db, "--format", fmt, "--out", out, "--layer", "ali")
            before = tree(out) if out.is_dir() else out.read_bytes() if out.exists() else None
            fill(mnt)
            proc = cli(work, "export", "--db", db, "--format", fmt, "--out", out, "--layer", "all")
            after = tree(out) if out.is_dir() else out.read_bytes() if out.exists() else None
            extra = sorted(
                p.name for p in mnt.iterdir() if p.name not in {"out.jsonl", "brat", "ballast"}
            )
            good, detail = clean_refusal(proc)
            good = good and first.returncode == 0 and before == after and not extra
            ok = ok and good
            details.append(
                f"{fmt}: first export exit {first.returncode}, earlier export intact:"
                f" {before == after}, {detail}" + (f" left {extra}" if extra else "")
            )
            (mnt / "ballast").unlink()
        return ok, "; ".join(details)
    finally:
        umount(mnt)


@attack(
    "full disk during backup",
    "`annotator backup --out` onto a full tmpfs",
    "one clear message, exit 1; no partial backup file left",
)
def full_backup(work: Path) -> tuple[bool | None, str]:
    db = project(work, n=300)
    mnt = tmpfs(work, "1m")
    if mnt is None:
        return None, "tmpfs mount unavailable (needs root)"
    try:
        fill(mnt)
        proc = cli(work, "backup", "--db", db, "--out", mnt / "b.db")
        left = sorted(p.name for p in mnt.iterdir() if p.name != "ballast")
        ok, detail = clean_refusal(proc)
        return ok and not left, detail + (f"; left {left}" if left else "")
    finally:
        umount(mnt)


# ---------------------------------------------------------------- hostile files


def import_one_bad(work: Path, name: str, content: bytes, *needles: str) -> tuple[bool, str]:
    """Import a folder of one good article and one hostile file: the good one lands, the bad
    one is refused naming it (and the needles), no traceback, nothing of it stored."""
    folder = work / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("قصف على حلب وقتل 12 مدنياً", "utf-8")
    (folder / name).write_bytes(content)
    db = work / "p.db"
    proc = cli(work, "import", "--db", db, "--no-suggest", folder)
    said(proc)
    n = scalar(db, "SELECT count(*) FROM articles") if db.exists() else 0
    ok, detail = clean_refusal(proc, name, *needles)
    return ok and n == 1, f"{n} article(s) stored; {detail}"


@attack(
    "binary file as an article",
    "a 64 KB random-bytes file named bin.txt in an import folder",
    "refused naming bin.txt; the good file beside it imported",
)
def binary_file(work: Path) -> tuple[bool | None, str]:
    return import_one_bad(work, "bin.txt", random.Random(3).randbytes(65536))


@attack(
    "NUL bytes in a text file",
    "a .txt whose Arabic text has NUL bytes inside",
    "refused naming the file (NUL is not text); nothing of it stored",
)
def nul_bytes(work: Path) -> tuple[bool | None, str]:
    return import_one_bad(work, "nul.txt", "قصف على\0 حلب\0".encode())


@attack(
    "invalid UTF-8 in the middle of a JSONL file",
    "a .jsonl whose 3rd line has bytes that are UTF-8 nowhere and cp1256 poorly",
    "the file is refused or decoded with a warning naming it; never a traceback",
)
def invalid_utf8(work: Path) -> tuple[bool | None, str]:
    good = json.dumps({"text": "قصف على حلب"}, ensure_ascii=False).encode()
    content = good + b"\n" + good.replace("حلب".encode(), "حماة".encode()) + b"\n"
    content += b'{"text": "\xff\xfe\x81\x8d\x8f\x90"}\n'
    folder = work / "in"
    folder.mkdir()
    (folder / "bad.jsonl").write_bytes(content)
    proc = cli(work, "import", "--db", work / "p.db", "--no-suggest", folder)
    text = said(proc)
    ok = "bad.jsonl" in text and not traceback_in(text)
    return ok, f"exit {proc.returncode}: {short(text)}"


@attack(
    "wrong encoding (Windows-1256)",
    "an Arabic .txt saved as Windows-1256",
    "imported as the right Arabic text (decoded, not mojibake)",
)
def cp1256(work: Path) -> tuple[bool | None, str]:
    text = "أعلن تنظيم داعش مقتل 45 عنصراً من قوات النظام"
    (work / "w.txt").write_bytes(text.encode("cp1256"))
    db = work / "p.db"
    proc = cli(work, "import", "--db", db, "--no-suggest", work / "w.txt")
    stored = scalar(db, "SELECT text FROM articles") if db.exists() else None
    ok = proc.returncode == 0 and stored == text
    return ok, f"exit {proc.returncode}, text kept: {stored == text}; {short(said(proc))}"


@attack(
    "lone surrogate in JSONL",
    'a .jsonl line with "text": "\\ud800 قصف" (a lone surrogate escape)',
    "refused with FILE:LINE; nothing of the file stored",
)
def lone_surrogate(work: Path) -> tuple[bool | None, str]:
    content = b'{"text": "\\u0642\\u0635\\u0641"}\n{"text": "\\ud800 \\u0642\\u0635\\u0641 2"}\n'
    db = work / "p.db"
    (work / "s.jsonl").write_bytes(content)
    proc = cli(work, "import", "--db", db, "--no-suggest", work / "s.jsonl")
    n = scalar(db, "SELECT count(*) FROM articles") if db.exists() else 0
    ok, detail = clean_refusal(proc, "s.jsonl:2")
    return ok and n == 0, f"{n} stored; {detail}"


@attack(
    "deeply nested JSON",
    "a .jsonl line of 100,000 nested arrays, in import and in validate",
    "refused with FILE:LINE, no RecursionError traceback",
)
def deep_json(work: Path) -> tuple[bool | None, str]:
    (work / "d.jsonl").write_text(
        '{"text": "قصف", "spans": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
    )
    a = cli(work, "import", "--db", work / "p.db", "--no-suggest", work / "d.jsonl")
    b = cli(work, "validate", work / "d.jsonl")
    ok1, d1 = clean_refusal(a, "d.jsonl:1")
    ok2, d2 = clean_refusal(b, "d.jsonl:1")
    return ok1 and ok2, f"import {d1}; validate {d2}"


@attack(
    "huge line",
    "a 20 MB single-line .txt article (under the 50 MB limit), --no-suggest",
    "imported whole, peak memory under 1 GB",
)
def huge_line(work: Path) -> tuple[bool | None, str]:
    (work / "big.txt").write_text("قصف على حلب " * (20_000_000 // 22), "utf-8")
    db = work / "p.db"
    proc = spawn(work, "import", "--db", db, "--no-suggest", work / "big.txt")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = proc.stdout.read() + proc.stderr.read()  # type: ignore[union-attr]
    peak = usage.ru_maxrss // 1024
    n = scalar(db, "SELECT count(*) FROM articles") if db.exists() else 0
    ok = proc.returncode == 0 and n == 1 and peak < 1024
    return ok, f"exit {proc.returncode}, {n} article, peak {peak} MB; {short(out, 80)}"


@attack(
    "3 GB sparse file",
    "import a 3 GB sparse x.txt (and validate a 3 GB x.jsonl)",
    "refused by size before reading: message names the file and --max-file-size; "
    "peak memory under 300 MB",
)
def sparse_file(work: Path) -> tuple[bool | None, str]:
    details, ok = [], True
    for name, cmd in (("x.txt", "import"), ("x.jsonl", "validate")):
        with (work / name).open("wb") as fh:
            fh.truncate(3 * 1024**3)
        proc = spawn(work, cmd, work / name)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stdout_text = proc.stdout.read()  # type: ignore[union-attr,attr-defined]
        text = proc.stdout_text + proc.stderr.read()  # type: ignore[union-attr,attr-defined]
        peak = usage.ru_maxrss // 1024
        good = (
            proc.returncode == 1
            and name in text
            and "max-file-size" in text
            and peak < 300
            and not traceback_in(text)
        )
        ok = ok and good
        details.append(f"{cmd}: exit {proc.returncode}, peak {peak} MB, {short(text, 90)}")
    return ok, "; ".join(details)


@attack(
    "CSV with an unbalanced quote",
    "a .csv whose 3rd row opens a quote it never closes",
    "the whole file refused naming the row; nothing of it stored",
)
def csv_quote(work: Path) -> tuple[bool | None, str]:
    (work / "q.csv").write_text('text\n"قصف على حلب"\n"قتل 12 مدنياً\nحماة\n', "utf-8")
    db = work / "p.db"
    proc = cli(work, "import", "--db", db, "--no-suggest", work / "q.csv")
    n = scalar(db, "SELECT count(*) FROM articles") if db.exists() else 0
    ok, detail = clean_refusal(proc, "q.csv")
    return ok and n == 0, f"{n} stored; {detail}"


@attack(
    "symlink to /etc/passwd in an import folder",
    "`ln -s /etc/passwd folder/passwd.txt`, import the folder",
    "the link is skipped and listed, never read; /etc/passwd not imported",
)
def symlink_out(work: Path) -> tuple[bool | None, str]:
    folder = work / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("قصف على حلب", "utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    db = work / "p.db"
    proc = cli(work, "import", "--db", db, "--no-suggest", folder)
    leaked = scalar(db, "SELECT count(*) FROM articles WHERE text LIKE '%root:%'")
    ok = leaked == 0 and "passwd.txt" in said(proc) and not traceback_in(said(proc))
    return ok, f"passwd imported: {bool(leaked)}; {short(said(proc))}"


@attack(
    "a FIFO named as an input",
    "`mkfifo f.txt`, import it by name and inside a folder",
    "says it is not a regular file, without hanging; the other file imported",
)
def fifo(work: Path) -> tuple[bool | None, str]:
    folder = work / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("قصف على حلب", "utf-8")
    os.mkfifo(folder / "f.txt")
    db = work / "p.db"
    try:
        a = cli(work, "import", "--db", db, "--no-suggest", folder / "f.txt", timeout=20)
        b = cli(work, "import", "--db", db, "--no-suggest", folder, timeout=20)
    except subprocess.TimeoutExpired:
        return False, "the import hung on the FIFO"
    n = scalar(db, "SELECT count(*) FROM articles")
    ok = "f.txt" in said(a) and a.returncode == 1 and not traceback_in(said(a) + said(b)) and n == 1
    return ok, f"named: {short(said(a), 70)}; in folder: {short(said(b), 70)}"


@attack(
    "bidi controls in an article's text",
    "a .txt article with U+202E, U+2066 and U+200F inside, then export jsonl",
    "text stored and exported byte for byte (the text is data, never altered)",
)
def bidi_text(work: Path) -> tuple[bool | None, str]:
    text = "قصف \u202eعلى\u202c حلب \u2066x\u2069 \u200f12"
    (work / "b.txt").write_text(text, "utf-8")
    db = work / "p.db"
    a = cli(work, "import", "--db", db, "--no-suggest", work / "b.txt")
    stored = scalar(db, "SELECT text FROM articles") if db.exists() else None
    return a.returncode == 0 and stored == text, f"stored unchanged: {stored == text}"


# ---------------------------------------------------------------- spans and the gold layer


def refused_line(work: Path, rec: dict, needle: str, *extra: str) -> tuple[bool, str]:
    good = {"text": "قصف على حلب", "annotator": "ali", "spans": []}
    path = write_jsonl(work / "r.jsonl", [good, rec])
    db = work / "p.db"
    proc = cli(work, "import", "--db", db, "--no-suggest", *extra, path)
    n = scalar(db, "SELECT count(*) FROM articles") if db.exists() else 0
    ok, detail = clean_refusal(proc, "r.jsonl:2", needle)
    return ok and n == 0, f"{n} stored; {detail}"


TEXT = "أعلن تنظيم داعش مقتل 45 عنصراً من قوات النظام في دير الزور"


@attack(
    "span offsets that are not integers",
    'import a line with a span {"start": true, "end": 4}',
    "refused with FILE:LINE; nothing of the file stored",
)
def bool_start(work: Path) -> tuple[bool | None, str]:
    rec = {"text": TEXT, "annotator": "ali", "spans": [{"start": True, "end": 4, "label": "PLACE"}]}
    return refused_line(work, rec, "start")


@attack(
    "overlapping and duplicate spans in one record",
    "import a line whose spans overlap (11-15 and 13-20) and one with a duplicate span",
    "each refused with FILE:LINE, as validate does",
)
def overlap(work: Path) -> tuple[bool | None, str]:
    results = []
    for spans in (
        [{"start": 11, "end": 15, "label": "ACTOR"}, {"start": 13, "end": 20, "label": "ACTOR"}],
        [{"start": 11, "end": 15, "label": "ACTOR"}, {"start": 11, "end": 15, "label": "ACTOR"}],
    ):
        sub = work / str(len(results))
        sub.mkdir()
        results.append(refused_line(sub, {"text": TEXT, "annotator": "ali", "spans": spans}, ""))
    return all(ok for ok, _ in results), "; ".join(d for _, d in results)


@attack(
    "gold line without a lead",
    'import a line with "annotator": "gold" and no --gold-by',
    "refused with FILE:LINE naming --gold-by; no gold stored",
)
def gold_without_lead(work: Path) -> tuple[bool | None, str]:
    rec = {"text": TEXT, "annotator": "gold", "spans": [{"start": 11, "end": 15, "label": "ACTOR"}]}
    return refused_line(work, rec, "--gold-by")


LOOKALIKES = ["GOLD", "gold ", "go\u200dld", "g\u043eld", "\uff47\uff4f\uff4c\uff44"]


@attack(
    "lookalikes of gold in assign",
    "`assign --annotators X,bob` for X in GOLD, 'gold ', gold+ZWJ, Cyrillic о, full-width",
    "each refused with a message; no article assigned",
)
def gold_assign(work: Path) -> tuple[bool | None, str]:
    db = project(work, n=10)
    bad = []
    for name in LOOKALIKES:
        proc = cli(work, "assign", "--db", db, "--annotators", f"{name},bob")
        if proc.returncode != 1 or traceback_in(said(proc)):
            bad.append(repr(name))
    n = scalar(db, "SELECT count(*) FROM assignments")
    return not bad and n == 0, f"accepted: {bad or 'none'}; assignments {n}"


@attack(
    "lookalikes of gold and hidden characters as coder names in import",
    "import lines whose annotator is each lookalike, a name with U+202E, one with ESC, "
    "and a 300-character name",
    "each file refused with FILE:LINE; no such coder stored",
)
def gold_import_names(work: Path) -> tuple[bool | None, str]:
    bad = []
    for i, name in enumerate([*LOOKALIKES, "ali\u202e", "ali\x1b[2J", "a" * 300]):
        path = write_jsonl(work / f"n{i}.jsonl", [{"text": f"{TEXT} {i}", "annotator": name}])
        proc = cli(work, "import", "--db", work / "p.db", "--no-suggest", path)
        if proc.returncode != 1 or f"n{i}.jsonl:1" not in said(proc) or traceback_in(said(proc)):
            bad.append(repr(name)[:20])
    db = work / "p.db"
    n = scalar(db, "SELECT count(*) FROM annotators") if db.exists() else 0
    return not bad and n == 0, f"not refused: {bad or 'none'}; coders stored {n}"


@attack(
    "merge brings gold without its lead",
    "an input whose gold spans were written behind the app's back (no lead, no audit row)",
    "that gold is listed, not merged; the coders' spans are merged",
)
def gold_merge_no_lead(work: Path) -> tuple[bool | None, str]:
    src = project(work, "src.db", 5)
    con = sqlite3.connect(src)
    con.execute(
        "INSERT OR IGNORE INTO annotators (name, role, created_at) VALUES ('gold', 'lead', '2026')"
    )
    con.execute(
        'INSERT INTO spans (article_id, start, "end", label, attrs, origin, status, annotator,'
        " created_at, updated_at) SELECT article_id, start, \"end\", label, attrs, 'import',"
        " 'accepted', 'gold', created_at, updated_at FROM spans WHERE annotator = 'ali'"
    )
    con.commit()
    con.close()
    out = work / "out.db"
    proc = cli(work, "merge", out, src)
    gold = scalar(out, "SELECT count(*) FROM spans WHERE annotator = 'gold'") if out.exists() else 0
    ali = scalar(out, "SELECT count(*) FROM spans WHERE annotator = 'ali'") if out.exists() else 0
    ok = gold == 0 and ali > 0 and "gold" in said(proc) and not traceback_in(said(proc))
    return ok, f"exit {proc.returncode}; gold merged {gold}, ali {ali}; {short(said(proc), 90)}"


# ---------------------------------------------------------------- hostile names


def crafted(work: Path, names: list[str]) -> Path:
    """A project whose coders have these names, written behind the app's back (as a hostile
    file would be): spans copied from ali's."""
    db = project(work, n=6)
    con = sqlite3.connect(db)
    for name in names:
        con.execute(
            "INSERT INTO annotators (name, role, created_at) VALUES (?, 'coder', '2026-01-01')",
            (name,),
        )
        con.execute(
            'INSERT INTO spans (article_id, start, "end", label, attrs, origin, status,'
            ' annotator, created_at, updated_at) SELECT article_id, start, "end", label, attrs,'
            " origin, status, ?, created_at, updated_at FROM spans WHERE annotator = 'ali'",
            (name,),
        )
        con.execute(
            "INSERT INTO article_state (article_id, annotator, state, updated_at)"
            " SELECT id, ?, 'done', '2026-01-01' FROM articles",
            (name,),
        )
    con.commit()
    con.close()
    return db


@attack(
    "SQL-ish coder name",
    "import lines by coder x'); DROP TABLE spans;-- and \" OR 1=1 --, then stats and export",
    "stored and shown literally; every table still there",
)
def sql_name(work: Path) -> tuple[bool | None, str]:
    names = ["x'); DROP TABLE spans;--", '" OR 1=1 --']
    db = work / "p.db"
    for i, name in enumerate(names):
        path = write_jsonl(work / f"{i}.jsonl", records(3, name, first=i * 3))
        proc = cli(work, "import", "--db", db, "--no-suggest", path)
        if proc.returncode != 0:
            return False, f"import refused: {short(said(proc))}"
    stats = cli(work, "stats", "--db", db)
    exp = cli(
        work, "export", "--db", db, "--format", "jsonl", "--layer", names[0], "--out", "o.jsonl"
    )
    stored = scalar(db, "SELECT count(*) FROM annotators WHERE name IN (?, ?)", *names)
    spans = scalar(db, "SELECT count(*) FROM spans")
    ok = stats.returncode == 0 and exp.returncode == 0 and stored == 2 and spans > 0
    ok = ok and all(n in stats.stdout for n in names)
    return ok, f"coders stored {stored}, spans {spans}; export exit {exp.returncode}"


@attack(
    "markup in names in the HTML report",
    "coder <img src=x onerror=alert(1)> and place text <script> in a project; `report`",
    "report written; no raw <img / <script> from the data in index.html",
)
def markup_report(work: Path) -> tuple[bool | None, str]:
    name = "<img src=x onerror=alert(1)>"
    db = work / "p.db"
    rec = {
        "text": "<script>alert(1)</script> قصف على حلب",
        "annotator": name,
        "spans": [{"start": 0, "end": 25, "label": "PLACE"}],
    }
    imp = cli(work, "import", "--db", db, "--no-suggest", write_jsonl(work / "m.jsonl", [rec]))
    proc = cli(work, "report", "--db", db, "--out", work / "rep", "--layer", "all")
    html = (work / "rep" / "index.html").read_text("utf-8") if proc.returncode == 0 else ""
    raw = [m for m in ("<img src=x", "<script>alert") if m in html]
    ok = imp.returncode == 0 and proc.returncode == 0 and not raw and "onerror" in html
    return ok, f"import exit {imp.returncode}, report exit {proc.returncode}; raw markup: {raw}"


ESC = "ali\x1b]0;owned\x07\x1b[2J"
RLO = "bob\u202eevil\u2066"


@attack(
    "escape sequences and bidi overrides in names (stats, agreement)",
    "coders named with ESC ] title / ESC[2J and with U+202E/U+2066, written into the file",
    "stats and agreement print them escaped: no ESC, BEL or bidi control reaches the terminal",
)
def escapes_terminal(work: Path) -> tuple[bool | None, str]:
    db = crafted(work, [ESC, RLO])
    bad = []
    for args in (("stats",), ("stats", "--json"), ("agreement",)):
        proc = cli(work, *args, "--db", db)
        text = said(proc)
        leaks = [c for c in ("\x1b", "\x07", "\u202e", "\u2066") if c in text]
        if leaks or traceback_in(text) or proc.returncode not in (0, 1):
            bad.append(f"{args[-1]}: exit {proc.returncode} {[hex(ord(c)) for c in leaks]}")
    return not bad, "; ".join(bad) or "no control character in any output"


@attack(
    "escape sequences and bidi overrides in names (HTML report)",
    "`report` of the same crafted project",
    "index.html holds no raw ESC or bidi override",
)
def escapes_report(work: Path) -> tuple[bool | None, str]:
    db = crafted(work, [ESC, RLO])
    proc = cli(work, "report", "--db", db, "--out", work / "rep")
    if proc.returncode != 0:
        return False, f"exit {proc.returncode}: {short(said(proc))}"
    html = (work / "rep" / "index.html").read_text("utf-8")
    leaks = [hex(ord(c)) for c in ("\x1b", "\x07", "\u202e", "\u2066") if c in html]
    return not leaks, f"raw controls in index.html: {leaks or 'none'}"


@attack(
    "$ (mathtext) in coder and place names",
    "coder 'a$b$c' and a place span whose text is '$\\frac{1}{0}$ $x^' ; `report`",
    "the report is written (no ParseFatalException); names shown literally",
)
def dollar_report(work: Path) -> tuple[bool | None, str]:
    text = "$\\frac{1}{0}$ $x^ قصف على حلب"
    rec = {"text": text, "annotator": "a$b$c", "spans": [{"start": 0, "end": 16, "label": "PLACE"}]}
    db = work / "p.db"
    cli(work, "import", "--db", db, "--no-suggest", write_jsonl(work / "m.jsonl", [rec]))
    proc = cli(work, "report", "--db", db, "--out", work / "rep", "--layer", "all")
    ok = proc.returncode == 0 and not traceback_in(said(proc))
    return ok, f"exit {proc.returncode}: {short(said(proc))}"


@attack(
    "formula injection in CSV exports",
    "article text and source starting with =HYPERLINK(, +, -, @, tab; `export --format csv`",
    "no cell of spans.csv / casualties.csv starts with = + - @ tab CR; counts stay numbers",
)
def csv_injection(work: Path) -> tuple[bool | None, str]:
    import csv

    recs = []
    for i, lead in enumerate(['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx"]):
        text = f"{lead} قصف على حلب وقتل 12"
        start = text.index("حلب")
        count = text.index("12")
        recs.append(
            {
                "text": text,
                "source": f"{lead}{i}",
                "annotator": "ali",
                "spans": [
                    {"start": 0, "end": len(lead), "label": "PLACE"},
                    {"start": start, "end": start + 3, "label": "PLACE"},
                    {
                        "start": count,
                        "end": count + 2,
                        "label": "CASUALTY",
                        "count": 12,
                        "kind": "killed",
                        "qualifier": "exact",
                    },
                ],
            }
        )
    db = work / "p.db"
    imp = cli(work, "import", "--db", db, "--no-suggest", write_jsonl(work / "c.jsonl", recs))
    proc = cli(
        work, "export", "--db", db, "--format", "csv", "--layer", "all", "--out", work / "csv"
    )
    if imp.returncode != 0 or proc.returncode != 0:
        return False, f"import {short(said(imp), 60)}; export {short(said(proc), 60)}"
    risky, files = [], []
    for path in sorted((work / "csv").glob("*.csv")):
        files.append(path.name)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                risky += [f"{path.name}:{c[:12]!r}" for c in row if c and c[0] in "=+-@\t\r"]
    # numbers stay numbers: unquoted, so a spreadsheet reads them as numbers
    with (work / "csv" / "casualties.csv").open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
        rows = list(csv.reader(fh, quoting=csv.QUOTE_NONNUMERIC))
    counts = [row[header.index("count")] for row in rows]
    numbers = len(counts) == len(recs) and all(c == 12.0 for c in counts)
    ok = not risky and numbers
    return ok, f"files {files}; risky cells {risky[:4] or 'none'}; counts unquoted: {numbers}"


@attack(
    "escape sequences and bidi overrides in a file name",
    "import and validate a file named x<ESC>[2J<U+202E>txt.jsonl holding a bad line",
    "the error messages name the file escaped: no ESC or bidi control reaches the terminal",
)
def escapes_file_name(work: Path) -> tuple[bool | None, str]:
    name = "x\x1b[2J\u202etxt.jsonl"
    (work / name).write_text('{"text": 5}\n', "utf-8")
    bad = []
    for args in (("import", "--db", work / "p.db", "--no-suggest"), ("validate",)):
        proc = cli(work, *args, work / name)
        text = said(proc)
        leaks = [hex(ord(c)) for c in ("\x1b", "\u202e") if c in text]
        if leaks or proc.returncode != 1 or traceback_in(text):
            bad.append(f"{args[0]}: exit {proc.returncode}, raw {leaks}")
    return not bad, "; ".join(bad) or "both named the file escaped"


@attack(
    "path traversal and hostile layer names in a brat export",
    "coders named ../../escape, annotation.conf, CON, a 300-character name and one with / "
    "(written into the file); `export --format brat --layer all`",
    "export exits 0; every file written stays under OUT, one folder per layer",
)
def brat_layers(work: Path) -> tuple[bool | None, str]:
    names = ["../../escape", "annotation.conf", "CON", "x" * 300, "a/b"]
    db = crafted(work, names)
    out = work / "deep" / "out"
    out.parent.mkdir()
    before = set(work.rglob("*"))
    proc = cli(work, "export", "--db", db, "--format", "brat", "--layer", "all", "--out", out)
    new = set(work.rglob("*")) - before
    outside = sorted(str(p.relative_to(work)) for p in new if out not in p.parents and p != out)
    folders = sorted(p.name for p in out.iterdir() if p.is_dir()) if out.exists() else []
    ok = proc.returncode == 0 and not outside and len(folders) == len(names) + 1
    return ok, f"exit {proc.returncode}; {len(folders)} layer folders; outside OUT: {outside}"


@attack(
    "path traversal in an article's source name",
    'import lines with "source": "../../../etc/cron.d/x" and "..\\\\..\\\\x.txt"; brat export',
    "the brat files keep to OUT",
)
def source_traversal(work: Path) -> tuple[bool | None, str]:
    recs = records(2)
    recs[0]["source"] = "../../../etc/cron.d/x"
    recs[1]["source"] = "..\\..\\x.txt"
    db = work / "p.db"
    cli(work, "import", "--db", db, "--no-suggest", write_jsonl(work / "t.jsonl", recs))
    out = work / "deep" / "out"
    out.parent.mkdir()
    before = set(work.rglob("*"))
    proc = cli(work, "export", "--db", db, "--format", "brat", "--layer", "ali", "--out", out)
    new = set(work.rglob("*")) - before
    outside = sorted(str(p) for p in new if out not in p.parents and p != out)
    return proc.returncode == 0 and not outside, f"exit {proc.returncode}; outside OUT: {outside}"


# ---------------------------------------------------------------- the command line


@attack(
    "--db before the command",
    "`annotator --db p.db import a.txt`, then `--db p.db stats/export/report`",
    "p.db receives the article; the default project is never created; each command reads p.db",
)
def group_db(work: Path) -> tuple[bool | None, str]:
    (work / "a.txt").write_text(TEXT, "utf-8")
    db = work / "p.db"
    imp = cli(work, "--db", db, "import", "--no-suggest", work / "a.txt")
    stats = cli(work, "--db", db, "stats")
    exp = cli(work, "--db", db, "export", "--format", "jsonl", "--layer", "all", "--out", "o.jsonl")
    rep = cli(work, "--db", db, "report", "--out", work / "rep")
    default = list((work / "userdata").glob("*.db")) if (work / "userdata").exists() else []
    n = scalar(db, "SELECT count(*) FROM articles") if db.exists() else 0
    ok = n == 1 and not default and "Articles: 1" in stats.stdout
    ok = ok and exp.returncode == 0 and rep.returncode == 0 and imp.returncode == 0
    return (
        ok,
        f"p.db articles {n}; default project files {len(default)}; stats {short(stats.stdout, 20)}",
    )


@attack(
    "a group option the command does not take",
    "`annotator --db p.db suggest a.txt`, `--db p.db merge`, `--lang ar stats`",
    "each refused with a message (exit 2), never silently ignored",
)
def group_refused(work: Path) -> tuple[bool | None, str]:
    (work / "a.txt").write_text(TEXT, "utf-8")
    bad = []
    for args in (
        ("--db", "p.db", "suggest", "a.txt"),
        ("--db", "p.db", "merge", "o.db", "i.db"),
        ("--db", "p.db", "validate", "a.txt"),
        ("--lang", "ar", "stats"),
    ):
        proc = cli(work, *args)
        if proc.returncode != 2 or traceback_in(said(proc)):
            bad.append(f"{' '.join(args[:3])}: exit {proc.returncode}")
    return not bad, "; ".join(bad) or "all refused"


@attack(
    "import of a missing file into a new project",
    "`import --db new.db missing.txt`",
    "exit 1 naming missing.txt; no empty new.db left behind",
)
def missing_new_db(work: Path) -> tuple[bool | None, str]:
    proc = cli(work, "import", "--db", work / "new.db", work / "missing.txt")
    left = sorted(p.name for p in work.glob("new.db*"))
    ok, detail = clean_refusal(proc, "missing.txt")
    return ok and not left, detail + f"; left {left}"


@attack(
    "report into an unwritable place",
    "`report --out` under a regular file, and under /proc",
    "one clear line naming the place, exit 1, no traceback",
)
def report_unwritable(work: Path) -> tuple[bool | None, str]:
    db = project(work, n=3)
    (work / "file").write_text("x")
    results = [
        clean_refusal(cli(work, "report", "--db", db, "--out", out))
        for out in (work / "file" / "rep", Path("/proc/annotator-report"))
    ]
    return all(ok for ok, _ in results), "; ".join(d for _, d in results)


@attack(
    "gui in a language that does not exist",
    "`annotator gui --lang fr` (offscreen)",
    "says the language is not available; exit 2; no window",
)
def gui_lang(work: Path) -> tuple[bool | None, str]:
    proc = cli(work, "gui", "--lang", "fr", timeout=60)
    ok = proc.returncode == 2 and "fr" in said(proc) and not traceback_in(said(proc))
    return ok, f"exit {proc.returncode}: {short(said(proc))}"


# ---------------------------------------------------------------- damage and permissions


@attack(
    "a damaged project",
    "overwrite 8 KB in the middle of a project; stats, import, export, backup on it",
    "each says the file is damaged and names the last good backup; the file left untouched",
)
def damaged(work: Path) -> tuple[bool | None, str]:
    db = project(work, n=300)
    cli(work, "backup", "--db", db)
    with db.open("r+b") as fh:
        fh.seek(db.stat().st_size // 2)
        fh.write(b"\xa5" * 8192)
    before = db.read_bytes()
    bad = []
    for args in (
        ("stats",),
        ("import", "--no-suggest", work / "p.db.jsonl"),
        ("export", "--format", "jsonl", "--out", work / "o.jsonl"),
        ("backup",),
    ):
        proc = cli(work, *args, "--db", db)
        ok, detail = clean_refusal(proc, "damaged", "backups")
        if not ok:
            bad.append(f"{args[0]}: {detail}")
    if db.read_bytes() != before:
        bad.append("the file changed")
    return not bad, "; ".join(bad) or "all four named the damage and the backup"


@attack(
    "merge with a damaged input",
    "`merge OUT good.db damaged.db` (damaged.db overwritten in the middle)",
    "one line naming damaged.db as the damaged file (not OUT); no traceback; OUT not created",
)
def merge_damaged(work: Path) -> tuple[bool | None, str]:
    good = project(work, "good.db", 50)
    bad = project(work, "damaged.db", 300, "bea")
    with bad.open("r+b") as fh:
        fh.seek(bad.stat().st_size // 2)
        fh.write(b"\xa5" * 8192)
    out = work / "out.db"
    proc = cli(work, "merge", out, good, bad)
    text = said(proc)
    ok, detail = clean_refusal(proc, "damaged.db")
    wrong = "out.db: the database file is damaged" in text
    return ok and not wrong and not out.exists(), detail + f"; OUT exists {out.exists()}"


@attack(
    "merge with a file that is not a project",
    "`merge OUT notes.db` where notes.db is a text file, and a SQLite file of another app",
    "one clear line naming the input each time, exit 1",
)
def merge_foreign(work: Path) -> tuple[bool | None, str]:
    (work / "notes.db").write_text("not a database\n" * 100)
    con = sqlite3.connect(work / "other.db")
    con.execute("CREATE TABLE spans (x)")
    con.execute("INSERT INTO spans VALUES (500)")
    con.commit()
    con.close()
    results = [
        clean_refusal(cli(work, "merge", work / "out.db", work / name), name)
        for name in ("notes.db", "other.db")
    ]
    return all(ok for ok, _ in results), "; ".join(d for _, d in results)


@attack(
    "the live write-ahead log deleted",
    "a coder process saves with the log never checkpointed; `rm p.db-wal`; stats and backup",
    "both say the file is damaged, naming the missing -wal and the last backup",
)
def wal_deleted(work: Path) -> tuple[bool | None, str]:
    db = project(work, n=20)
    cli(work, "backup", "--db", db)
    code = CODER.replace(
        "session = CodingSession(open_store(sys.argv[1]), sys.argv[2])",
        "db = open_store(sys.argv[1]); db.execute('PRAGMA wal_autocheckpoint=0')\n"
        "session = CodingSession(db, sys.argv[2])",
    ).replace('print("end", flush=True)', 'print("end", flush=True); sys.stdin.read()')
    writer = spawn(work, db, "zoe", 1, 5, code=code, stdin=subprocess.PIPE)
    assert writer.stdout is not None and writer.stdin is not None
    while writer.stdout.readline().strip() not in ("end", ""):
        pass
    try:
        (work / "p.db-wal").unlink()
        results = [
            clean_refusal(cli(work, a, "--db", db), "-wal", "backups") for a in ("stats", "backup")
        ]
    finally:
        writer.stdin.close()
        writer.wait(60)
    return all(ok for ok, _ in results), "; ".join(d for _, d in results)


@attack(
    "a read-only folder",
    "as user nobody (setpriv): stats, export and import on a project in a folder nobody can write",
    "stats and export work (read-only); import says read-only; never 'damaged'",
)
def read_only(work: Path) -> tuple[bool | None, str]:
    if shutil.which("setpriv") is None or os.geteuid() != 0:
        return None, "setpriv as root unavailable"
    db = project(work, n=5)
    ro = work / "ro"
    ro.mkdir()
    shutil.copy(db, ro / "p.db")
    (work / "ex").mkdir()
    for p in (work, work / "ex"):
        p.chmod(0o777)
    ro.chmod(0o555)
    work.parent.chmod(0o711)
    (ro / "p.db").chmod(0o444)
    for parent in work.parents:
        if parent != Path("/") and not (parent.stat().st_mode & 0o001):
            return None, f"{parent} not searchable by nobody"
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    stats = cli(work, "stats", "--db", ro / "p.db", prefix=prefix)
    exp = cli(
        work,
        "export",
        "--db",
        ro / "p.db",
        "--format",
        "jsonl",
        "--layer",
        "ali",
        "--out",
        work / "ex" / "o.jsonl",
        prefix=prefix,
    )
    imp = cli(
        work, "import", "--db", ro / "p.db", "--no-suggest", work / "p.db.jsonl", prefix=prefix
    )
    text = said(stats) + said(exp) + said(imp)
    ok = stats.returncode == 0 and exp.returncode == 0 and imp.returncode == 1
    ok = ok and "read-only" in said(imp) and "damaged" not in text and not traceback_in(text)
    return ok, (
        f"stats exit {stats.returncode}, export exit {exp.returncode}, "
        f"import exit {imp.returncode}: {short(said(imp), 90)}"
    )


@attack(
    "restore of a damaged backup",
    "`annotator restore` of a backup overwritten in the middle",
    "refused (the backup is checked first); the project unchanged",
)
def restore_damaged(work: Path) -> tuple[bool | None, str]:
    db = project(work, n=300)
    backup = work / "b.db"
    cli(work, "backup", "--db", db, "--out", backup)
    with backup.open("r+b") as fh:
        fh.seek(backup.stat().st_size // 2)
        fh.write(b"\xa5" * 8192)
    before = db.read_bytes()
    ok, detail = clean_refusal(cli(work, "restore", "--db", db, backup), "b.db")
    return ok and db.read_bytes() == before, detail


# ---------------------------------------------------------------- running and reporting


def run_all(only: str | None) -> list[Outcome]:
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="annotator-attacks-") as tmp:
        for i, att in enumerate(ATTACKS, 1):
            if only and only.lower() not in att.name.lower():
                continue
            work = Path(tmp) / f"{i:02}"
            work.mkdir()
            start = time.monotonic()
            try:
                held, detail = att.run(work)
            except Exception as exc:
                held, detail = False, f"the attack itself broke: {type(exc).__name__}: {exc}"
            detail = detail.replace(f"{work}/", "").replace(f"{tmp}/", "")
            result = SKIPPED if held is None else HELD if held else FAILED
            outcome = Outcome(att, result, detail, time.monotonic() - start)
            outcomes.append(outcome)
            print(f"{i:2} {result:7} {outcome.seconds:5.1f}s  {att.name}: {short(detail, 200)}")
            sys.stdout.flush()
    return outcomes


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("\x1b", "\\x1b")


def markdown(outcomes: list[Outcome], seconds: float) -> str:
    held = sum(o.result == HELD for o in outcomes)
    failed = sum(o.result == FAILED for o in outcomes)
    skipped = sum(o.result == SKIPPED for o in outcomes)
    lines = [
        TITLE,
        "",
        f"{len(outcomes)} attacks on the data paths (issue 11's list, rebuilt): {held} held,"
        f" {failed} failed, {skipped} skipped; {seconds:.0f} s on this machine. Each runs"
        " `python -m annotator` or a child process on the services, on real files in a temporary"
        " folder. Rerun: `python bench/attacks.py --write` (as root for the tmpfs and setpriv"
        " attacks).",
        "",
        "| # | attack | what was done | expected | result | detail |",
        "| -: | --- | --- | --- | --- | --- |",
    ]
    for i, o in enumerate(outcomes, 1):
        a = o.attack
        lines.append(
            f"| {i} | {cell(a.name)} | {cell(a.did)} | {cell(a.expected)} | **{o.result}** |"
            f" {cell(o.detail)} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--only", help="run only the attacks whose name contains this")
    args = parser.parse_args()
    start = time.monotonic()
    outcomes = run_all(args.only)
    seconds = time.monotonic() - start
    table = markdown(outcomes, seconds)
    print()
    print(table)
    if args.write and not args.only:
        sys.path.insert(0, str(ROOT))
        from bench.scale import write_section

        write_section(RESULTS, TITLE, table)
    return 1 if any(o.result == FAILED for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
