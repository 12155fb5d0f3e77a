"""The fast paths of the exports (issue 14) write what the rules as first written wrote.

- Every format's output on the seeds' gold and on a generated project is byte-identical to
  the output before the fast paths (SHA-256 digests recorded from that code: commit 39141b4).
- The one-pass tokeniser, the export's tokens, clitic cuts and sentence numbers equal
  token-by-token references (the earlier code, kept here) on the seeds, generated articles
  and hypothesis' texts made of the characters the rules look at.
- The clitic rules have one home: annotator/arabic/clitics.py.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import sys
import unicodedata
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.arabic import tokens as arabic_tokens
from annotator.arabic.clitics import clitic_cuts
from annotator.domain import GOLD, Label, Span, span_to_gold
from annotator.services.export import ExportOptions, export
from annotator.services.export import tokens as export_tokens
from annotator.services.export.base import gold_span, span_attrs
from annotator.services.export.pipeline import FORMATS, missing_requirement
from annotator.services.importing import import_paths
from annotator.store import open_store
from bench.corpus import generate
from bench.export import digest

ROOT = Path(__file__).resolve().parents[2]

# Digests of each format's export before the fast paths (tests/data/gold_seeds.jsonl plus
# ``hostile_lines``; 120 articles of bench.corpus seed 5), from the code of commit 39141b4;
# the spacy digest holds for the spaCy version it was made with.
SPACY_VERSION = "3.8.18"
BEFORE = {
    "seeds": {
        "jsonl": "fe4fe223125ca2bb9c61806a72f98fa909e46231ed1740e8dce038842d749c36",
        "prodigy": "298be034f01da9ad5240190f96c46ea4ff0ce8c92b9cff3a305a94142e5a4d6c",
        "conll": "713379dba863ddc13766cfbab25defdf02fbfd9fce126d68f073d712e5c07c86",
        "brat": "eaca1753d04df3441b7c574ab4ce28d685fc0f061a3c8443a85fde3000462238",
        "csv": "ff109f438f9ab57736ed286035442d817e4993b794997b9649758632d301940e",
        "spacy": "b5a777bb2dd9bc2f707cb2e2ceabf90136431661d798b4edc1ec14e8718fed98",
    },
    "generated": {
        "jsonl": "5f2d5eb4467a8c0d40bf605830a3a3415d1ec5e4aa6d8ba1119be9617908df7c",
        "prodigy": "43005772c1526ca143fd368617e5fe5a3b163dfd1ecabd3fb0a6971182e90336",
        "conll": "66210c7aeeb64de177753dc372e0cd9192f2098c8d179257801950b205ed894d",
        "brat": "49b3b4e59cec679c4f4b547b8c1520855f1ff948086361bc1ac170cfa11d274c",
        "csv": "ef9d1a0747656bacbec0696e2f688faf62994bb13753e2381b0a289cceb665ad",
        "spacy": "18581f25bdb4c34860bf595aba836a366910f021ed959d2c140054beb4f8f482",
    },
}


def hostile_lines() -> list[dict]:
    """Articles that take the slow paths: emoji sequences, format characters, clitics with
    diacritics and tatweel, sentence ends before invisible marks."""
    texts = [
        "قصف على حلب 😀\nقتل 12 مدنياً في الباغوز على يد داعش 👨\u200d👩\u200d👧 👍🏽 ❤\ufe0f",
        "وَبِالْباغوز قُتل 3. \u200fوللحسكة لـداعش فَالرقة!\u200e؟ انتهى…\u2066 وبعد",
        "ب\u0640\u0640حلب والـبلد ولل 5,000 مدني\u200b قتلوا . \n\nوكالة_الأنباء ²٣",
    ]
    out = []
    for i, text in enumerate(texts):
        words = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
        spans = [
            {"start": a, "end": b, "label": "PLACE", "text": text[a:b]} for a, b in words[1::4]
        ]
        out.append({"source": f"hostile-{i}", "text": text, "spans": spans})
    return out


def make_project(tmp_path: Path, lines: list[dict]) -> Path:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    db = open_store(tmp_path / "p.db")
    report = import_paths(db, [corpus], annotator=GOLD, gold_by="lead")
    assert report.ok, report.failures
    db.close()
    return tmp_path / "p.db"


def project_lines(name: str) -> list[dict]:
    if name == "seeds":
        path = ROOT / "tests" / "data" / "gold_seeds.jsonl"
        gold = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]
        return gold + hostile_lines()
    return [
        {"source": a.source, "text": a.text, "spans": a.spans}
        for a in generate(120, seed=5)
        if a.duplicate_of is None
    ]


def export_digests(name: str, tmp_path: Path) -> dict[str, str]:
    db_path = make_project(tmp_path, project_lines(name))
    out = {}
    for fmt in FORMATS:
        if missing_requirement(fmt):
            continue
        target = tmp_path / f"out.{fmt}"
        db = open_store(db_path)
        try:
            export(db, ExportOptions(fmt, target))
        finally:
            db.close()
        out[fmt] = digest(target)
    return out


@pytest.mark.parametrize("name", ["seeds", "generated"])
def test_every_format_writes_what_it_wrote_before(name: str, tmp_path: Path) -> None:
    got = export_digests(name, tmp_path)
    if "spacy" in got and importlib.metadata.version("spacy") != SPACY_VERSION:
        del got["spacy"]  # another spaCy may serialise a DocBin otherwise
    expected = {f: d for f, d in BEFORE[name].items() if f in got}
    assert got == expected


# ---- the fast paths against the rules as first written ----


def reference_tokenize(text: str) -> list[arabic_tokens.Token]:
    return [
        arabic_tokens.Token(m.start(), m.end(), m.lastgroup, m.group())  # type: ignore[arg-type]
        for m in arabic_tokens._TOKEN_RE.finditer(text)
    ]


_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_L = rf"[{_MARKS}]*"
_RULES = (
    re.compile(rf"^([وف]{_L})?([بكل]{_L}\u0640+)(?=[^\W\d_])"),
    re.compile(rf"^([وف]{_L})?([بكل]{_L})?(?=ال{_L}(?:[^\W\d_]{_L}){{3}})"),
    re.compile(rf"^([وف]{_L})?(ل{_L})(?=ل{_L}(?:[^\W\d_]{_L}){{2}})"),
)


def reference_cuts(word: str) -> list[int]:
    """The export's three clitic rules, tried one after the other (before one home)."""
    for pattern in _RULES:
        m = pattern.match(word)
        if m and m.end() > 0:
            return [m.end(g) for g in (1, 2) if m.group(g)]
    return []


def reference_sentence_ids(
    text: str, tokens: list[export_tokens.Tok], keep: list[Span]
) -> list[int]:
    """Sentence numbers token by token (before the fast path)."""
    ids: list[int] = []
    sid = 0
    covered = export_tokens._merged((s.start, s.end) for s in keep)
    starts = [a for a, _b in covered]
    for i, tok in enumerate(tokens):
        if i:
            prev = tokens[i - 1]
            if prev.end != tok.start:
                gap = text[prev.end : tok.start]
                if "\n" in gap:
                    brk = True
                elif prev.text in export_tokens._SENTENCE_END:
                    blank = "".join(c for c in gap if not export_tokens._is_format(c)).strip()
                    brk = gap.isspace() or not blank
                else:
                    brk = False
                if brk and not export_tokens._inside(covered, starts, tok.start):
                    sid += 1
        ids.append(sid)
    return ids


def check_text(text: str) -> None:
    assert arabic_tokens.tokenize(text) == reference_tokenize(text)
    fast = export_tokens.base_tokens(text)
    assert fast == export_tokens._base_tokens_slow(text)
    for tok in fast:
        assert text[tok.start : tok.end] == tok.text
    words = [t for t in reference_tokenize(text) if t.kind == "word"]
    for w in words:
        assert clitic_cuts(w.text) == reference_cuts(w.text)
    keep = [Span(a.start, b.end, Label.PLACE) for a, b in pairwise(words[::3]) if a.end < b.end]
    keep = [s for i, s in enumerate(keep) if i % 2]
    for spans in ([], keep):
        assert export_tokens.sentence_ids(text, fast, spans) == reference_sentence_ids(
            text, fast, spans
        )


def test_fast_paths_on_real_and_generated_text() -> None:
    for line in project_lines("seeds"):
        check_text(line["text"])
    for a in generate(150, seed=11):
        check_text(a.text)


_ALPHABET = (
    "وفبكلالحسكةداعشرقمن"  # clitic letters, the article and some others
    "\u064b\u064e\u0650\u0652\u0670\u0640\u0615\u06d6\u08d5"  # diacritics, tatweel, other marks
    " \n\t\u00a0.!?؟…،_-\"'"  # spaces and punctuation
    "0123456789٣٫٬,²"  # digits and separators
    "\u200b\u200c\u200d\u200e\u200f\u2066\ufeff\ufe0f\ufe0e"  # format characters, selectors
    "😀👍\U0001f3fd❤é"  # emoji, a skin tone, Latin
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_fast_paths_on_any_text(text: str) -> None:
    check_text(text)


def test_surely_plain_characters_are_none_the_emoji_rules_concern() -> None:
    plain = re.compile(f"[{export_tokens.SURELY_PLAIN}]")
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        if plain.match(c):
            assert unicodedata.category(c) != "Cf", hex(code)
            assert c not in "\u200d\ufe0e\ufe0f", hex(code)
            assert not "\U0001f3fb" <= c <= "\U0001f3ff", hex(code)
        if c.isspace():  # every whitespace character (the class spells them out)
            assert plain.match(c), hex(code)


# ---- one home for the clitic rules (issue 12) ----

_CLITIC_CLASSES = re.compile(r"\[وف\]|\[بكل\]|\[بلك\]|وفبكل|\"وف\"|\"بكل\"|\"بلك\"")
USERS = [
    "annotator/arabic/tokens.py",
    "annotator/services/words.py",
    "annotator/services/export/tokens.py",
    "annotator/suggest/context.py",
    "annotator/suggest/matcher.py",
]


def test_the_clitic_letters_are_written_in_one_module() -> None:
    home = ROOT / "annotator" / "arabic" / "clitics.py"
    elsewhere = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "annotator").rglob("*.py")
        if p != home and _CLITIC_CLASSES.search(p.read_text(encoding="utf-8"))
    ]
    assert elsewhere == []
    for user in USERS:
        assert "annotator.arabic.clitics import" in (ROOT / user).read_text(encoding="utf-8")


_ATTR_VALUES = st.one_of(st.none(), st.integers(0, 99), st.sampled_from(["ISIS", "killed", "x"]))


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(list(Label)),
    st.dictionaries(
        st.sampled_from(["actor", "place", "geonames_id", "count", "kind", "qualifier", "victim"]),
        _ATTR_VALUES,
    ),
    st.integers(0, 5),
    st.integers(1, 5),
)
def test_gold_span_is_span_to_gold(label: Label, attrs: dict, start: int, length: int) -> None:
    span = Span(start, start + length, label, attrs)
    text = "قصف على حلب اليوم"
    gold = span_to_gold(span, text)
    assert gold_span(span, text) == gold
    assert list(gold_span(span, text)) == list(gold)  # the same key order
    assert list(span_attrs(span).items()) == list(gold.items())[4:]


def _shifted_base(original):
    def shifted(text):  # a tokeniser bug: offsets one off
        starts, ends, words = original(text)
        return [s + 1 for s in starts], ends, words

    return shifted


def _shifted_pieces(original):
    def shifted(text):  # a tokeniser bug: the whitespace before the first token counted twice
        pieces = original(text)
        return None if pieces is None else [" " + pieces[0], *pieces[1:]]

    return shifted


def _shifted_align(original):
    def shifted(text, spans, source="", annotator=""):  # a bug in the splits: offsets one off
        tokens, aligned, issues = original(text, spans, source, annotator)
        return [t._replace(start=t.start + 1) for t in tokens], aligned, issues

    return shifted


@pytest.mark.parametrize(
    ("seam", "bug", "line"),
    [
        ("base_pieces", _shifted_pieces, 1),  # an article's tokens, used as they are
        ("slow_columns", _shifted_base, 6),  # the first text that goes token by token
        ("align", _shifted_align, 4),  # the first seed with a span edge inside a token
    ],
)
def test_the_prodigy_self_check_stops_shifted_tokens(
    tmp_path: Path, monkeypatch, seam: str, bug, line: int
) -> None:
    """The check looks at what each line is written from: tokens one character off are
    refused, and nothing is written."""
    from annotator.services.export import CheckError, prodigy

    db_path = make_project(tmp_path, project_lines("seeds"))
    monkeypatch.setattr(prodigy, seam, bug(getattr(prodigy, seam)))
    out = tmp_path / "t.jsonl"
    db = open_store(db_path)
    try:
        with pytest.raises(CheckError, match=rf"self-check failed: line {line} token 0: span text"):
            export(db, ExportOptions("prodigy", out))
    finally:
        db.close()
    assert not out.exists()


# ---- the third pass: no tokens for CSV's sentences, token JSON from tables, caches ----


def sentence_ranges(text: str, keep: list[Span]) -> tuple[list[int], list[int]]:
    from annotator.services.export.tables import Sentences

    fast = Sentences(text, keep)
    by_tokens = Sentences(text, keep, breaks=None)  # the token-based rule
    assert (fast.starts, fast.ends) == (by_tokens.starts, by_tokens.ends)
    for offset in range(len(text) + 1):
        assert fast.sentence(offset) == by_tokens.sentence(offset)
    return fast.starts, fast.ends


def check_third_pass(text: str) -> None:
    from annotator.services.export.prodigy import pieces_json, token_json

    pieces = export_tokens.base_pieces(text)
    if pieces is not None:  # a plain text: its tokens in one regex pass, checked at once
        assert "".join(pieces) == text.rstrip()
        from_pieces, holds = export_tokens.pieces_columns(text, pieces)
        assert holds
        assert from_pieces == export_tokens.slow_columns(text)  # token by token
        assert pieces_json(text, pieces, from_pieces) == token_json(text, from_pieces)
    words = [t for t in reference_tokenize(text) if t.kind == "word"]
    keep = [Span(a.start, b.end, Label.PLACE) for a, b in pairwise(words[::2]) if a.end < b.end]
    for spans in ([], keep, keep[1::3]):
        sentence_ranges(text, spans)
    columns = export_tokens.base_columns(text)
    tokens = export_tokens.base_tokens(text)
    assert list(zip(*columns, strict=True)) == [tuple(t) for t in tokens]
    objects = [
        {
            "text": t.text,
            "start": t.start,
            "end": t.end,
            "id": i,
            "ws": t.end < len(text) and text[t.end].isspace(),
        }
        for i, t in enumerate(tokens)
    ]
    assert token_json(text, columns) == ", ".join(
        json.dumps(o, ensure_ascii=False) for o in objects
    ).encode("utf-8")


def test_third_pass_fast_paths_on_real_and_generated_text() -> None:
    for line in project_lines("seeds"):
        check_third_pass(line["text"])
    for a in generate(100, seed=12):
        check_third_pass(a.text)
    check_third_pass("")
    check_third_pass(" \n ")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_third_pass_fast_paths_on_any_text(text: str) -> None:
    check_third_pass(text)


def test_token_json_of_a_text_longer_than_its_tables(monkeypatch) -> None:
    from annotator.services.export import prodigy

    text = "قتل 3 من داعش.\n" * 3
    columns = export_tokens.base_columns(text)
    pieces = export_tokens.base_pieces(text)
    assert pieces is not None
    short = prodigy.token_json(text, columns)
    assert prodigy.pieces_json(text, pieces, columns) == short
    monkeypatch.setattr(prodigy, "_TABLE_LIMIT", 10)  # the token-by-token writer
    assert prodigy.token_json(text, columns) == short
    assert prodigy.pieces_json(text, pieces, columns) == short


_CELLS = st.one_of(
    st.text(alphabet="=+-@\t\r\0'\"',\n حلب5", max_size=6),
    st.integers(-5, 99),
    st.floats(allow_nan=False, width=32),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_CELLS, min_size=3, max_size=3), min_size=1, max_size=4))
def test_csv_rows_written_as_they_are_only_when_safe_cell_changes_nothing(rows) -> None:
    """The CSV fast path writes rows unchanged when its regex finds no risky cell start in
    csv.writer's text; then safe_cell would have changed nothing, so the bytes are those of
    the checked path. And every cell safe_cell would change is found."""
    import io

    from annotator.services.export.cells import SafeWriter, safe_cell
    from annotator.services.export.tables import risky_cells

    def written(method: str) -> str:
        buffer = io.StringIO()
        getattr(SafeWriter(buffer, ["a", "b", "c"]), method)(rows)
        return buffer.getvalue()

    raw = written("raw_rows")
    changes = any(safe_cell(cell) != cell for row in rows for cell in row)
    if not risky_cells(raw):
        assert not changes
        assert raw == written("rows")
    elif changes:
        assert raw != written("rows")


def test_records_of_one_article_share_its_tokens_and_sentences(tmp_path: Path) -> None:
    """Prodigy and CSV reuse an article's tokens, token JSON and sentence breaks for its
    next records (gold and each coder): every line and row is what a formatter with no
    earlier record writes, also when a coder's span splits a token."""
    from annotator.services.export import prodigy, tables
    from annotator.services.export.dataset import Selection, iter_pairs, iter_records

    text = "قصف على حلب. وقتل 5 مدنيين في الرقة\nوتقدمت قوات داعش نحو الباغوز."
    lines = [{"source": "a.txt", "text": text, "spans": []}]
    db_path = make_project(tmp_path, lines)
    db = open_store(db_path)
    try:
        (article_id,) = [row[0] for row in db.execute("SELECT id FROM articles")]
        from annotator.store import repository as repo

        def add(layer: str, surface: str, label: Label, attrs: dict, cut: int = 0) -> None:
            start = text.index(surface) + cut
            repo.add_span(
                db, article_id, layer, Span(start, start + len(surface) - cut, label, attrs)
            )

        add(GOLD, "حلب", Label.PLACE, {"place": "Aleppo"})
        add(GOLD, "5", Label.CASUALTY, {"count": 5, "kind": "killed"})
        add("coder1", "داعش", Label.ACTOR, {"actor": "ISIS"})
        add("coder1", "5", Label.CASUALTY, {"count": 5, "kind": "killed"})
        add("coder2", "وتقدمت", Label.ACTOR, {"actor": "SAA"}, cut=1)  # splits و + تقدمت
        add("coder2", "5", Label.CASUALTY, {"count": 5, "kind": "killed"})
        add("coder3", "الرقة", Label.PLACE, {"place": "Raqqa"})
        db.conn.commit()
        records = list(iter_records(db, iter_pairs(db, Selection("all"))))
    finally:
        db.close()
    assert len(records) == 4
    shared = prodigy.ProdigyFormat()
    got = [shared.text(r) for r in records]
    assert got == [prodigy.ProdigyFormat().text(r) for r in records]
    assert [len(json.loads(line)["tokens"]) for line in got] == [
        15,
        16,
        15,
        15,
    ]  # coder1, coder2 (split), coder3, gold
    assert shared.issues and {i.annotator for i in shared.issues} == {"coder2"}

    class Rows(tables.CsvFormat):
        def __init__(self) -> None:
            super().__init__()
            self.written: list = []

        def _write(self, name, columns, rows) -> None:
            self.written.append((name, rows))

    shared_csv = Rows()
    for r in records:
        shared_csv.add(r)
    fresh = []
    for r in records:
        one = Rows()
        one.add(r)
        fresh += one.written
    assert shared_csv.written == fresh
    casualties = [rows for name, rows in fresh if name == tables.CASUALTIES_CSV and rows]
    assert [row[-1] for rows in casualties for row in rows] == ["وقتل 5 مدنيين في الرقة"] * 3


# ---- the fourth pass: the tokens' proclitics cut in the regex pass, checked at once ----

# Pieces of text the rules look at, more often next to each other than single characters
# would be: proclitics, the article, marks and tatweel, words, every kind of whitespace,
# numbers, punctuation, emoji and format characters.
_SEGMENTS = [
    *"وفبكل",
    "ال",
    "لل",
    "\u0640",
    "\u064e",
    "\u0650",
    "\u0651",
    "\u0670",
    "\u08d5",
    "حسكة",
    "داعش",
    "باغوز",
    "ر",
    " ",
    "  ",
    "\n",
    "\t",
    "\r\n",
    "\u00a0",
    "\u2003",
    "\u3000",
    "\x1c",
    ".",
    "،",
    "؟ ",
    "_",
    "5",
    "3,000",
    "٣٫٥",
    "²",
    "é",
    "😀",
    "👍🏽",
    "\u200d",
    "\u200f",
    "\ufe0f",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_SEGMENTS), max_size=30).map("".join))
def test_one_pass_tokens_on_any_text(text: str) -> None:
    check_text(text)
    check_third_pass(text)


# Words where the rules' order matters, a conjunction carries marks (up to the most the one
# pass reads, and one more), or what follows a cut looks like a proclitic again.
CLITIC_WORDS = [
    "وبالباغوز",
    "فللحسكة",
    "وللحسكة",
    "لللحسكة",  # only the first ل is cut
    "لِلـداعش",  # ل + لـداعش: the rest is not cut again
    "لـبالباغوز",  # لـ + بالباغوز
    "ولـداعش",
    "فبـداعش",
    "والباغوز",
    "وفبالباغوز",  # two conjunctions: no cut
    "بيجي",
    "كالحسكة",
    "ولال",
    "وَبِالْباغوز",
    "وَّبالباغوز",
    "وَُّبالباغوز",
    "وَُِّبالباغوز",  # four marks: token by token
    "وَُّللحسكة",
    "وَُِّللحسكة",
    "16وبالباغوز",
    "_وبالباغوز",
    "x\u0640وبالباغوز",
]


def test_one_pass_tokens_of_words_with_proclitics() -> None:
    from annotator.arabic.clitics import MARKED_CONJUNCTION, PIECE_MARKS

    for word in CLITIC_WORDS:
        for text in (word, f" {word} ", f"قتل {word}، {word}\n{word}"):
            check_text(text)
            check_third_pass(text)
            pieces = export_tokens.base_pieces(text)
            assert (pieces is None) == bool(MARKED_CONJUNCTION.search(text))
    assert export_tokens.base_pieces("وَُّبالباغوز") == ["وَُّ", "ب", "الباغوز"]
    assert len("وَُّ") == PIECE_MARKS + 1
    assert export_tokens.base_pieces(" لللحسكة لِلـداعش") == [" ل", "للحسكة", " لِ", "لـداعش"]
