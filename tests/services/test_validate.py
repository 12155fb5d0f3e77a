"""validate: a clear message per bad line of a gold JSONL file; the seeds' gold is clean."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.services.validate import validate_file

TEXT = "قتل 45 من داعش في حلب"
ISIS = {"start": 10, "end": 14, "label": "ACTOR", "text": "داعش", "actor": "ISIS"}
ALEPPO = {"start": 18, "end": 21, "label": "PLACE", "text": "حلب"}
FORTY_FIVE = {
    "start": 4,
    "end": 6,
    "label": "CASUALTY",
    "text": "45",
    "count": 45,
    "kind": "killed",
    "qualifier": "exact",
    "victim": "ISIS",
}


def line(spans: list, **extra) -> str:
    return json.dumps(
        {"source": "a.txt", "text": TEXT, "spans": spans, **extra}, ensure_ascii=False
    )


def write(tmp_path: Path, rows: list[str | bytes]) -> Path:
    path = tmp_path / "gold.jsonl"
    data = b"".join((r if isinstance(r, bytes) else r.encode("utf-8")) + b"\n" for r in rows)
    path.write_bytes(data)
    return path


def test_the_seed_gold_is_clean(gold_path: Path) -> None:
    report = validate_file(gold_path)
    assert report.problems == [] and report.ok
    assert report.summary() == f"{gold_path}: 5 article(s), 215 span(s): OK"


def test_each_bad_line_gets_a_clear_message(tmp_path: Path) -> None:
    rows = [
        line([FORTY_FIVE, ISIS, ALEPPO]),  # 1: fine
        '{"source": "b", "text": "x", "spans": [}',  # 2: bad JSON
        json.dumps(["not", "an", "object"]),  # 3
        json.dumps({"source": "c", "spans": []}),  # 4: no text
        line([{**ISIS, "end": 99}]),  # 5: outside the text
        line([{**ISIS, "text": "داع"}]),  # 6: text mismatch
        line([{**ISIS, "label": "PERSON"}]),  # 7: unknown label
        line([{**FORTY_FIVE, "kind": "dead"}]),  # 8: bad attribute value
        line([ISIS, FORTY_FIVE]),  # 9: not sorted
        line([{**ISIS, "count": 3}]),  # 10: an attribute of another label
        json.dumps({"source": "d", "text": TEXT}, ensure_ascii=False),  # 11: no spans
        '{"source": "e", "text": "x", "spans": [], "score": NaN}',  # 12: import refuses NaN
        "",  # 13: blank lines are allowed
        line([{"start": 1}]),  # 14: missing keys
        line([{**ISIS, "start": True}]),  # 15: a boolean is no offset
        line([ISIS, ISIS]),  # 16: duplicate
        line([{**ISIS, "start": 9, "text": " داعش"}, ISIS]),  # 17: overlap, same label
        line([FORTY_FIVE, {**ALEPPO, "start": 17, "text": " حلب"}, ALEPPO]),  # 18: overlap
        line([{**ISIS, "start": 10.0}]),  # 19: a float is no offset
        line([{**ISIS, "end": "14"}]),  # 20: nor a string
        line([{**ISIS, "start": 14}]),  # 21: start >= end
        line([ALEPPO], annotator="GOLD"),  # 22: a lookalike of the gold layer's name
    ]
    report = validate_file(write(tmp_path, rows))
    p = tmp_path / "gold.jsonl"
    got = [f"{p}:{x.line}: error: {x.message}" for x in report.errors]
    assert {x.message for x in report.warnings} == {"same text as line 1"}
    assert got == [
        f"{p}:2: error: not valid JSON: Expecting value (column 40)",
        f"{p}:3: error: a line must be a JSON object, got list",
        f"{p}:4: error: 'text' is missing",
        f"{p}:5: error: span 1 (ACTOR 10-99): span [10, 99) lies outside the text of length 21",
        f"{p}:6: error: span 1 (ACTOR 10-14): text 'داع' does not match text[10:14] 'داعش'",
        f"{p}:7: error: span 1 (PERSON 10-14): unknown label 'PERSON'"
        " (expected ACTOR, PLACE, CASUALTY)",
        f"{p}:8: error: span 1 (CASUALTY 4-6): kind must be one of killed, wounded, captured,"
        " missing, killed_or_wounded, got 'dead'",
        f"{p}:9: error: span 2 starts before span 1: spans must be sorted by start",
        f"{p}:10: error: span 1 (ACTOR 10-14): attribute 'count' belongs to CASUALTY, not ACTOR",
        f"{p}:11: error: 'spans' is missing (write [] for an article without spans)",
        f"{p}:12: error: not valid JSON: NaN is not a JSON number",
        f"{p}:14: error: span 1: missing 'end', 'label'",
        f"{p}:15: error: span 1 (ACTOR True-14): offsets must be integers, got start=True end=14",
        f"{p}:16: error: span 2 duplicates span 1",
        f"{p}:17: error: span 2 overlaps span 1: one annotator's spans never do",
        f"{p}:18: error: span 3 overlaps span 2: one annotator's spans never do",
        f"{p}:19: error: span 1 (ACTOR 10.0-14): offsets must be integers, got start=10.0 end=14",
        f"{p}:20: error: span 1 (ACTOR 10-14): offsets must be integers, got start=10 end='14'",
        f"{p}:21: error: span 1 (ACTOR 14-14): span [14, 14) is empty: start must be less than end",
        f"{p}:22: error: 'annotator': the name 'GOLD' looks like 'gold', the reserved name of the"
        " adjudicated gold layer",
    ]
    assert not report.ok
    assert (
        report.summary()
        == f"{p}: 21 article(s), 23 span(s): 20 error(s) on 20 line(s), 16 warning(s)"
    )


def test_warnings_for_what_readers_survive(tmp_path: Path) -> None:
    no_kind = {k: v for k, v in FORTY_FIVE.items() if k != "kind"}
    vague = {**FORTY_FIVE, "count": None}
    rows = [
        line([ISIS, ALEPPO]),  # 1
        line([ISIS], annotator="gold"),  # 2: gold, which import takes only with --gold-by
        line([no_kind]),  # 3
        line([vague]),  # 4: null count must be vague
        line([{k: v for k, v in ALEPPO.items() if k != "text"}]),  # 5: no span text
        line([{**ISIS, "actor": None}]),  # 6
        line([ALEPPO]),  # 7: the same text as line 1
    ]
    path = write(tmp_path, rows)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    report = validate_file(path)
    assert report.ok and not report.errors
    assert [(p.line, p.message) for p in report.warnings] == [
        (1, "the file starts with a UTF-8 BOM"),
        (2, "the line writes the gold layer: annotator import needs --gold-by LEAD for it"),
        (2, "same text as line 1"),
        (3, "span 1 (CASUALTY 4-6): CASUALTY without a 'kind'"),
        (3, "same text as line 1"),
        (4, "span 1 (CASUALTY 4-6): count is null but qualifier is 'exact' (expected 'vague')"),
        (4, "same text as line 1"),
        (5, "span 1 (PLACE 18-21): no 'text' (text[18:21] is 'حلب')"),
        (5, "same text as line 1"),
        (6, "span 1 (ACTOR 10-14): ACTOR without an 'actor' id"),
        (6, "same text as line 1"),
        (7, "same text as line 1"),
    ]


def test_unreadable_and_empty_files(tmp_path: Path) -> None:
    assert (
        validate_file(tmp_path / "missing.jsonl")
        .messages()[0]
        .endswith("error: cannot read the file: No such file or directory")
    )
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    assert validate_file(empty).messages() == [f"{empty}:0: error: no articles in the file"]


def test_validate_decodes_as_import_does(tmp_path: Path, gold_path: Path) -> None:
    """A file import reads is read the same way (a warning for other readers), never misread."""
    data = gold_path.read_text(encoding="utf-8")
    clean = validate_file(gold_path)
    for encoding, name in (("utf-16", "UTF-16"), ("utf-8-sig", None)):
        path = tmp_path / f"gold-{encoding}.jsonl"
        path.write_bytes(data.encode(encoding))
        report = validate_file(path)
        assert report.ok and not report.errors, report.messages()
        assert (report.articles, report.spans) == (clean.articles, clean.spans) == (5, 215)
        (warning,) = report.warnings
        assert warning.line == 1
        if name:
            assert warning.message.startswith(f"the file is {name}, not UTF-8")
        else:
            assert warning.message == "the file starts with a UTF-8 BOM"
    # \r\n and \r line ends split lines as import splits them
    path = tmp_path / "cr.jsonl"
    path.write_bytes(data.replace("\n", "\r").encode("utf-8"))
    assert validate_file(path).summary() == f"{path}: 5 article(s), 215 span(s): OK"


def test_what_import_refuses_is_one_error_on_its_line(tmp_path: Path) -> None:
    good = line([ISIS]).encode("utf-8")
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_bytes(good + b"\n" + good + b"\n" + good[:-3] + b"\xff\xfe" + b"\n" + good)
    report = validate_file(damaged)
    (error,) = report.errors
    assert error.line == 3
    assert "UTF-8 with damaged bytes" in error.message
    assert error.message.endswith("annotator import refuses the whole file")
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"text": "café détruit", "spans": []}\n'.encode("latin-1"))
    (error,) = validate_file(latin).errors
    assert error.message.startswith("not UTF-8, UTF-16 or Windows-1256 text")
    assert not validate_file(latin).ok
