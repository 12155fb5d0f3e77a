"""Hostile input to import: any Unicode, bidi controls, lone surrogates, NULs, long lines, junk.

Whatever comes in, the import never raises: a file is stored exactly or refused as a whole
with a clear message naming the file (and line), and the database is left as it was.
"""

from __future__ import annotations

import itertools
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from annotator.domain import Article, check_name, content_hash, to_stored_text
from annotator.services.decoding import display_name
from annotator.services.importing import NOT_TEXT, Failure, ImportReport, decode_bytes, import_paths
from annotator.store import open_store
from annotator.store import repository as repo

BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ODD = "\x00\r\n\t\ufeff\ufffd\u2028\u2029\x85\x1c\u0640\u064b\u0651"
ARABIC = "قتل 12 من داعش في الرقة، وأصيب ثلاثة عشر مدنياً ٣٥ 😢"

hostile_char = st.one_of(
    st.characters(),
    st.sampled_from(BIDI + ODD + ARABIC),
    st.characters(categories=["Cs"]),  # lone surrogates, as \\udXXX escapes in JSON
)
hostile_text = st.text(alphabet=hostile_char, max_size=120)
SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def hostile_db(tmp_path: Path) -> Iterator[Database]:
    db = open_store(tmp_path / "hostile.db")
    repo.add_article(db, Article("خبر موجود"))
    yield db
    db.close()


def _has_surrogate(value: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in value)


def _storable(value: str) -> bool:
    return "\x00" not in value and not _has_surrogate(value)


def _clear(report: ImportReport, path: Path, line: int | None = None) -> Failure:
    """The one failure of ``report``: about ``path`` (and line), printable, with a reason."""
    (failure,) = report.failures
    text = str(failure)
    text.encode("utf-8")  # printable on any terminal that shows UTF-8
    assert failure.path == path and failure.line == line, text
    assert text.startswith(display_name(path))
    assert failure.reason.strip() and "Traceback" not in text
    assert report.imported == 0
    return failure


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@SETTINGS
@given(text=hostile_text)
def test_any_text_in_jsonl_is_stored_exactly_or_refused(
    hostile_db: Database, tmp_path: Path, dump, text: str
) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as tmp:
        path = _write(Path(tmp), "a.jsonl", json.dumps({"text": text}).encode() + b"\n")
        before = dump(hostile_db)
        report = import_paths(hostile_db, [path])
        storable = _storable(text) and bool(to_stored_text(text).strip())
        assert report.ok == storable, report.failures
        if storable:
            (article_id,) = report.article_ids or [repo.article_id_by_hash(hostile_db, _hash(text))]
            assert repo.get_article(hostile_db, article_id).text == to_stored_text(text)
        else:
            _clear(report, path, 1)
            assert dump(hostile_db) == before


def _hash(text: str) -> str:
    return content_hash(to_stored_text(text))


FIELDS = ("title", "source", "meta", "annotator", "place")
_UNIQUE = itertools.count()


@SETTINGS
@given(case=st.tuples(hostile_text, st.sampled_from(FIELDS), st.integers(0, 3)))
def test_one_hostile_field_in_a_file_stores_all_or_nothing(
    hostile_db: Database, tmp_path: Path, dump, case: tuple
) -> None:
    value, field, position = case
    nonce = next(_UNIQUE)  # texts new to the database each time
    lines = [{"text": f"{ARABIC} رقم {i} {nonce}"} for i in range(4)]
    bad = lines[position]
    if field == "meta":
        bad["meta"] = {"note": value, value: 1}
    elif field == "place":
        start = bad["text"].index("الرقة")
        bad["spans"] = [{"start": start, "end": start + 5, "label": "PLACE", "place": value}]
    else:
        bad[field] = value
    if field == "annotator":
        bad["spans"] = []  # the annotator owns the line's (no) spans and is marked done
    with tempfile.TemporaryDirectory(dir=tmp_path) as tmp:
        data = "\n".join(json.dumps(line) for line in lines).encode()
        path = _write(Path(tmp), "some.jsonl", data)
        before = dump(hostile_db)
        report = import_paths(hostile_db, [path])
        if field in ("meta", "place"):
            storable = not _has_surrogate(value)
        elif field == "annotator":
            storable = check_name(value) is None  # the one name rule (tests/domain/test_names)
        else:
            storable = _storable(value)
        assert report.ok == storable, report.failures
        if storable:
            assert report.imported == 4
            stored = repo.get_article(hostile_db, report.article_ids[position])
            if field in ("title", "source") and value.strip():
                assert getattr(stored, field) in (value, value.strip())
        else:
            _clear(report, path, position + 1)
            assert dump(hostile_db) == before


@SETTINGS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".jsonl", ".csv"]))
def test_arbitrary_bytes_never_break_the_import(
    hostile_db: Database, tmp_path: Path, dump, data: bytes, suffix: str
) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as tmp:
        path = _write(Path(tmp), "junk" + suffix, data)
        before = dump(hostile_db)
        report = import_paths(hostile_db, [path])
        if report.ok:
            assert report.imported + report.duplicates >= 1
            if suffix == ".txt" and report.imported:
                stored = repo.get_article(hostile_db, report.article_ids[0]).text
                assert stored == to_stored_text(decode_bytes(data))
        else:
            line = report.failures[0].line
            _clear(report, path, line)
            assert dump(hostile_db) == before


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(alphabet=st.sampled_from(BIDI + ARABIC + "0123456789٠١٢٣٤٥٦٧٨٩ .،\n"), min_size=1)
)
def test_the_real_suggester_takes_hostile_text(hostile_db: Database, text: str) -> None:
    from annotator.suggest import load_suggester

    if not text.strip():
        return
    suggester = load_suggester()
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), "a.jsonl", json.dumps({"text": text}).encode())
        report = import_paths(hostile_db, [path], suggest=suggester.suggest)
    assert report.ok, report.failures


# --- named cases -------------------------------------------------------------------------


def test_very_long_lines(hostile_db: Database, tmp_path: Path) -> None:
    line = (ARABIC + BIDI + " ") * 40_000  # ~3.6 million characters on one line
    jsonl = _write(tmp_path, "long.jsonl", json.dumps({"text": line}, ensure_ascii=False).encode())
    txt = _write(tmp_path, "long.txt", (line[::-1] + "نهاية").encode())
    report = import_paths(hostile_db, [jsonl, txt])
    assert report.ok and report.imported == 2
    first, second = (repo.get_article(hostile_db, i).text for i in report.article_ids)
    assert (first, second) == (line, line[::-1] + "نهاية")


@pytest.mark.parametrize(
    "case",
    [
        ("nul.txt", "خبر\x00عاجل".encode(), None, NOT_TEXT + " (contains NUL bytes"),
        ("nul.jsonl", b'{"text": "ok"}\n{"text": "\\u0000 \\u0642"}', 2, "'text' contains NUL"),
        ("nul-title.jsonl", b'{"text": "\\u0642", "title": "a\\u0000"}', 1, "'title' contains NUL"),
        ("lone.jsonl", b'{"text": "\\u0642 \\ud800"}', 1, "'text' is not valid Unicode"),
        ("lone-low.jsonl", b'{"text": "\\u0642", "source": "\\udfff"}', 1, "U+DFFF"),
        ("cut-utf8.txt", ARABIC.encode()[:-5] + "نص".encode()[:1], 1, "damaged bytes"),
        ("digits.jsonl", b'{"text": "x", "count": ' + b"9" * 5000 + b"}", 1, "not valid JSON"),
        ("deep.jsonl", b'{"text": "x", "m": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", 1, "deep"),
        ("nan.jsonl", b'{"text": "x", "score": NaN}', 1, "NaN is not a JSON number"),
    ],
)
def test_named_hostile_files(hostile_db: Database, tmp_path: Path, dump, case: tuple) -> None:
    name, data, line, reason = case
    path = _write(tmp_path, name, data)
    before = dump(hostile_db)
    report = import_paths(hostile_db, [path])
    failure = _clear(report, path, line)
    assert reason in failure.reason
    assert dump(hostile_db) == before


def test_escaped_surrogate_pairs_and_cr_line_ends_are_fine(
    hostile_db: Database, tmp_path: Path
) -> None:
    data = b'{"text": "\\ud83d\\ude22 \\u0642\\u062a\\u0644"}\r{"text": "\\u202b\\u0628"}\r'
    report = import_paths(hostile_db, [_write(tmp_path, "cr.jsonl", data)])
    assert report.ok and report.imported == 2
    texts = [repo.get_article(hostile_db, i).text for i in report.article_ids]
    assert texts == ["😢 قتل", "\u202bب"]


@pytest.mark.skipif(os.name != "posix", reason="needs byte file names")
def test_file_names_that_are_not_utf8(hostile_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"\xe1\xed\xd1 \xff.txt")  # a Windows-1256 name unpacked as bytes
    (folder / name).write_bytes(ARABIC.encode())
    (folder / (name[:-4] + ".jsonl")).write_bytes(b"{not json")
    report = import_paths(hostile_db, [folder])
    assert report.imported == 1
    assert (
        repo.get_article(hostile_db, report.article_ids[0]).source
        == "\ufffd\ufffd\ufffd \ufffd.txt"
    )
    (failure,) = report.failures
    assert "\ufffd.jsonl:1: not valid JSON" in str(failure).encode("utf-8").decode("utf-8")


def test_damaged_utf8_is_refused_but_windows_1256_still_reads(
    hostile_db: Database, tmp_path: Path
) -> None:
    text = "قال، هل قتل 3 في حلب؟ نعم؛ " * 10  # Arabic comma and marks read as valid UTF-8 pairs
    cp = _write(tmp_path, "cp.txt", text.encode("cp1256"))
    cut = _write(tmp_path, "cut.txt", (text + "ب").encode()[:-1])  # the last letter cut in half
    report = import_paths(hostile_db, [cp, cut])
    assert report.imported == 1 and repo.get_article(hostile_db, report.article_ids[0]).text == text
    (failure,) = report.failures
    assert failure.path == cut and "damaged bytes" in failure.reason
