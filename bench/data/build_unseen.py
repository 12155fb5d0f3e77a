"""Build bench/data/unseen*.jsonl from the marked-up articles in unseen*_marked.txt.

Markup: ``⟦surface|A ID⟧`` an ACTOR, ``⟦surface|P⟧`` a PLACE, ``⟦surface|C count kind
qualifier victim⟧`` a CASUALTY (``-`` for null), ``⟦surface|X⟧`` a number deliberately left
out (a note for readers: dates, vehicles, people not harmed). Articles are separated by lines
``=== <source>``; ``{RLM}`` stands for U+200F and ``{NBSP}`` for U+00A0. Offsets are
computed here, so every span is exact; each span is checked with the domain's
``span_from_gold``. Run from the repository root:

    python bench/data/build_unseen.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from annotator.domain import span_from_gold  # noqa: E402

MARK = re.compile(r"⟦([^|⟧]+)\|([^⟧]+)⟧")
#: (marked-up source, built gold): the first set, and a second one written after the first
#: round of fixes to check that they generalise, and a third (issue 13) written before the
#: third round, rich in the classes that issue lists.
SETS = (
    (HERE / "unseen_marked.txt", HERE / "unseen.jsonl"),
    (HERE / "unseen_b_marked.txt", HERE / "unseen_b.jsonl"),
    (HERE / "unseen_c_marked.txt", HERE / "unseen_c.jsonl"),
)


def _attrs(code: str) -> dict[str, object]:
    """Label and attributes of one markup code."""
    parts = code.split()
    if parts[0] == "A":
        return {"label": "ACTOR", "actor": parts[1]}
    if parts[0] == "P":
        return {"label": "PLACE"}
    if parts[0] == "C":
        count, kind, qualifier, victim = parts[1:]
        return {
            "label": "CASUALTY",
            "count": None if count == "-" else int(count),
            "kind": kind,
            "qualifier": qualifier,
            "victim": None if victim == "-" else victim,
        }
    raise ValueError(f"bad markup code {code!r}")


def parse(marked: str) -> tuple[str, list[dict[str, object]]]:
    """The plain text and its gold spans."""
    out: list[str] = []
    spans: list[dict[str, object]] = []
    pos = 0
    length = 0
    for m in MARK.finditer(marked):
        before = marked[pos : m.start()]
        out.append(before)
        length += len(before)
        surface = m.group(1)
        if m.group(2) == "X":
            out.append(surface)
            length += len(surface)
            pos = m.end()
            continue
        span: dict[str, object] = {"start": length, "end": length + len(surface)}
        attrs = _attrs(m.group(2))
        span["label"] = attrs.pop("label")
        span["text"] = surface
        span.update(attrs)
        spans.append(span)
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "⟦" in text or "⟧" in text:
        raise ValueError("unbalanced markup")
    for span in spans:
        span_from_gold(span, text)
    return text, spans


def articles(path: Path) -> list[dict[str, object]]:
    """Every article of the marked-up file as a gold record."""
    raw = path.read_text(encoding="utf-8").replace("{RLM}", "\u200f").replace("{NBSP}", "\u00a0")
    records = []
    for block in re.split(r"^=== ", raw, flags=re.M)[1:]:
        source, _, body = block.partition("\n")
        text, spans = parse(body.strip("\n") + "\n")
        records.append({"source": source.strip(), "text": text, "spans": spans})
    return records


def main() -> None:
    for source, target in SETS:
        records = articles(source)
        with target.open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        words = [len(str(r["text"]).split()) for r in records]
        n_spans = sum(len(r["spans"]) for r in records)  # type: ignore[arg-type]
        print(
            f"{target.name}: {len(records)} articles, {n_spans} spans,"
            f" words {min(words)}-{max(words)}"
        )


if __name__ == "__main__":
    main()
