"""A spaCy DocBin (the optional ``spacy`` extra): one Doc per record, spans via ``char_span``.

Docs are built on the exports' tokenisation (whitespace and characters between tokens become
tokens of their own, so ``doc.text`` is exactly the stored text) with ``spacy.blank("ar")``'s
vocabulary. ``doc.ents`` holds the spans that align (overlaps keep the first); the span group
``doc.spans["annotations"]`` holds every aligned span; ``doc.user_data`` keeps source,
article id, annotator and the gold JSON of every span (attributes included).
"""

from __future__ import annotations

from typing import Any

from annotator.domain import content_hash, span_to_gold
from annotator.services.export.base import CheckError, Formatter, check_count, check_surface
from annotator.services.export.dataset import ExportError, Record
from annotator.services.export.tokens import Issue, Tok, align

SPAN_GROUP = "annotations"
EXTRA_HINT = (
    "the spacy format needs spaCy: pip install 'annotator[spacy]' (or pip install spacy);"
    " no language model is needed"
)


def _spacy() -> Any:
    try:
        import spacy  # noqa: PLC0415
    except ImportError as exc:
        raise ExportError(EXTRA_HINT) from exc
    return spacy


def words_and_spaces(text: str, tokens: list[Tok]) -> tuple[list[str], list[bool]]:
    """spaCy's words/spaces for ``text``: a single space after a token is its ``space`` flag;
    any other gap (line breaks, several spaces, skipped characters) is a token of its own."""
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for tok in [*tokens, Tok(len(text), len(text), "")]:
        gap = text[pos : tok.start]
        if gap:
            if words and not spaces[-1] and gap[0] == " ":
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
        if tok.text:
            words.append(tok.text)
            spaces.append(False)
        pos = tok.end
    return words, spaces


class DocBinFormat(Formatter):
    """A ``.spacy`` file (DocBin with user data)."""

    name = "spacy"
    has_alignment = True

    def __init__(self) -> None:
        super().__init__()
        self.spacy = _spacy()
        self.nlp = self.spacy.blank("ar")
        self.docbin = self.spacy.tokens.DocBin(store_user_data=True)
        self.entities = 0

    def doc(self, record: Record) -> Any:
        text = record.text
        tokens, aligned, issues = align(text, record.spans, record.source, record.annotator)
        words, spaces = words_and_spaces(text, tokens)
        doc = self.spacy.tokens.Doc(self.nlp.vocab, words=words, spaces=spaces)
        if doc.text != text:
            raise CheckError(f"self-check failed: {record.source}: the Doc text differs")
        group, ents, taken = [], [], set()
        for a in aligned:
            if a.first is None or a.last is None:
                continue  # listed by align() as dropped
            span = a.span
            start, end = tokens[a.first].start, tokens[a.last].end
            found = doc.char_span(start, end, label=span.label.value)
            if found is None:
                raise CheckError(f"self-check failed: {record.source}: no Doc span {start}-{end}")
            group.append(found)
            cover = set(range(found.start, found.end))
            if cover & taken:
                reason = "overlaps an entity already in doc.ents; kept in doc.spans only"
                issues.append(
                    Issue(
                        record.source, record.annotator, span, span.surface(text), "overlap", reason
                    )
                )
                continue
            taken |= cover
            ents.append(found)
        doc.set_ents(sorted(ents, key=lambda e: e.start))
        doc.spans[SPAN_GROUP] = group
        doc.user_data.update(
            {
                "source": record.source,
                "article_id": record.article_id,
                "annotator": record.annotator,
                "hash": content_hash(text),
                "spans": [span_to_gold(s, text) for s in record.spans],
            }
        )
        self.issues += issues
        self.entities += len(ents)
        return doc

    def add(self, record: Record) -> None:
        self.docbin.add(self.doc(record))
        self.records += 1
        self.spans += len(record.spans)

    def finish(self) -> None:
        if self.path is not None:
            self.docbin.to_disk(self.path)

    def abort(self) -> None:
        """Nothing is open; the DocBin in memory is simply dropped."""

    def info(self) -> dict[str, object]:
        return {**super().info(), "entities": self.entities}

    def verify(self) -> None:
        assert self.path is not None
        docbin = self.spacy.tokens.DocBin().from_disk(self.path)
        docs = list(docbin.get_docs(self.nlp.vocab))
        spans = entities = 0
        for doc in docs:
            data = doc.user_data
            where = f"{data.get('source')!r}"
            text = doc.text  # built from the tokens on each access: once per doc
            if data.get("hash") != content_hash(text):
                raise CheckError(f"self-check failed: {where}: the Doc text is not the stored text")
            for gold in data["spans"]:
                check_surface(text, gold["start"], gold["end"], gold["text"], where)
            spans += len(data["spans"])
            entities += len(doc.ents)
        check_count("docs", self.records, len(docs))
        check_count("spans", self.spans, spans)
        check_count("entities", self.entities, entities)
