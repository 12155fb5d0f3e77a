"""A spaCy DocBin (the optional ``spacy`` extra): one Doc per record, spans via ``char_span``.

Docs are built on the exports' tokenisation (whitespace and characters between tokens become
tokens of their own, so ``doc.text`` is exactly the stored text) with ``spacy.blank("ar")``'s
vocabulary. ``doc.ents`` holds the spans that align (overlaps keep the first); the span group
``doc.spans["annotations"]`` holds every aligned span; ``doc.user_data`` keeps source,
article id, annotator and the gold JSON of every span (attributes included).

The file is spaCy's own ``DocBin(store_user_data=True).to_disk`` byte for byte, but streamed:
spaCy's ``DocBin.add`` packs each Doc, its packed pieces go straight to spool files next to the
output, and ``finish`` writes the DocBin's msgpack map through one zlib stream from them. Only
the set of distinct strings (the vocabulary, which the format lists once) stays in memory; a
DocBin holding every Doc's arrays, then copying them into one message, took 1.3 GB at 10,000
articles. Each Doc is read back from its packed pieces as ``DocBin.get_docs`` does when it is
added, and ``verify`` decompresses the written file as a stream and compares it with what was
compressed.
"""

from __future__ import annotations

import hashlib
import struct
import tempfile
import zlib
from typing import IO, Any

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


# the DocBin's msgpack map, in spaCy's key order; each list or bytes value below is spooled
_CHUNK = 1 << 18  # bytes read, compressed or expanded at a time (the packed arrays compress well)
_SPOOLED = ("tokens", "spaces", "lengths", "cats", "flags", "span_groups", "user_data")


def _bin_header(size: int) -> bytes:
    """msgpack's header of a bytes value of ``size`` bytes (bin 8/16/32)."""
    if size < 1 << 8:
        return struct.pack(">BB", 0xC4, size)
    if size < 1 << 16:
        return struct.pack(">BH", 0xC5, size)
    return struct.pack(">BI", 0xC6, size)


def _array_header(count: int) -> bytes:
    """msgpack's header of a list of ``count`` items (fixarray, array 16/32)."""
    if count < 16:
        return bytes([0x90 | count])
    if count < 1 << 16:
        return struct.pack(">BH", 0xDC, count)
    return struct.pack(">BI", 0xDD, count)


def _map_header(count: int) -> bytes:
    assert count < 16
    return bytes([0x80 | count])


class DocBinStream:
    """spaCy's ``DocBin(store_user_data=True)`` written as a stream (see the module's note)."""

    def __init__(self, spacy: Any, nlp: Any) -> None:
        import numpy  # noqa: PLC0415  (spaCy's own dependencies, loaded with it)
        import srsly  # noqa: PLC0415

        self.numpy = numpy
        # srsly.msgpack_dumps(x) is Packer(use_bin_type=True).pack(x), but each new Packer
        # looks its encoders up in the entry points (~0.5 ms): one Packer serves every call
        self.dumps = srsly.msgpack.Packer(use_bin_type=True).pack
        self.nlp = nlp
        self.packer = spacy.tokens.DocBin(store_user_data=True)  # packs one Doc at a time
        self.reader = spacy.tokens.DocBin(store_user_data=True)  # unpacks it again
        self.docs = 0
        self.sizes = dict.fromkeys(_SPOOLED, 0)
        self.spools: dict[str, IO[bytes]] = {}
        self.digest = ""

    def open(self, folder: Any) -> None:
        # closed (and so removed) by close(), after finish or abort
        self.spools = {k: tempfile.TemporaryFile(dir=folder) for k in _SPOOLED}  # noqa: SIM115

    def _spool(self, key: str, data: bytes) -> None:
        self.spools[key].write(data)
        self.sizes[key] += len(data)

    def add(self, doc: Any) -> Any:
        """Pack ``doc`` into the spools; the Doc read back from its packed pieces."""
        packer, dumps = self.packer, self.dumps
        packer.add(doc)
        tokens, spaces = packer.tokens.pop(), packer.spaces.pop()
        cats, flags = packer.cats.pop(), packer.flags.pop()
        groups, user_data = packer.span_groups.pop(), packer.user_data.pop()
        token_bytes, space_bytes = tokens.tobytes("C"), spaces.tobytes("C")
        self._spool("tokens", token_bytes)
        self._spool("spaces", space_bytes)
        self._spool("lengths", struct.pack("=i", len(tokens)))  # numpy int32: native order
        self._spool("cats", dumps(cats))
        self._spool("flags", dumps(flags))
        self._spool("span_groups", dumps(groups))
        self._spool("user_data", dumps(user_data))
        self.docs += 1
        numpy, reader = self.numpy, self.reader
        reader.tokens = [numpy.frombuffer(token_bytes, dtype="uint64").reshape(tokens.shape)]
        reader.spaces = [numpy.frombuffer(space_bytes, dtype=bool).reshape(spaces.shape)]
        reader.cats, reader.flags = [cats], [flags]
        reader.span_groups, reader.user_data = [groups], [user_data]
        return next(reader.get_docs(self.nlp.vocab))

    def write(self, path: Any) -> None:
        """The DocBin's file at ``path``: its msgpack map through one zlib stream."""
        packer, dumps = self.packer, self.dumps
        squeeze, digest = zlib.compressobj(), hashlib.sha256()
        with path.open("wb") as out:

            def put(data: bytes) -> None:
                digest.update(data)
                out.write(squeeze.compress(data))

            def put_spool(key: str) -> None:
                spool = self.spools[key]
                spool.seek(0)
                while chunk := spool.read(_CHUNK):
                    put(chunk)

            put(_map_header(10))
            put(dumps("version") + dumps(packer.version) + dumps("attrs") + dumps(packer.attrs))
            for key in ("tokens", "spaces", "lengths"):
                put(dumps(key) + _bin_header(self.sizes[key]))
                put_spool(key)
            put(dumps("strings") + dumps(sorted(packer.strings)))
            for key in ("cats", "flags", "span_groups", "user_data"):
                put(dumps(key) + _array_header(self.docs))
                put_spool(key)
            out.write(squeeze.flush())
        self.digest = digest.hexdigest()

    def check(self, path: Any) -> None:
        """CheckError unless the file decompresses, as a stream, to what was compressed."""
        expand, digest = zlib.decompressobj(), hashlib.sha256()
        try:
            with path.open("rb") as fh:
                while chunk := fh.read(_CHUNK):
                    digest.update(expand.decompress(chunk, _CHUNK))
                    while expand.unconsumed_tail:
                        digest.update(expand.decompress(expand.unconsumed_tail, _CHUNK))
            digest.update(expand.flush())
        except zlib.error as exc:
            raise CheckError(f"self-check failed: {path}: not a zlib stream: {exc}") from exc
        if not expand.eof or digest.hexdigest() != self.digest:
            raise CheckError(f"self-check failed: {path} does not hold the DocBin written")

    def close(self) -> None:
        for spool in self.spools.values():
            spool.close()
        self.spools = {}


class DocBinFormat(Formatter):
    """A ``.spacy`` file (DocBin with user data)."""

    name = "spacy"
    has_alignment = True

    def __init__(self) -> None:
        super().__init__()
        self.spacy = _spacy()
        self.nlp = self.spacy.blank("ar")
        self.stream = DocBinStream(self.spacy, self.nlp)
        self.entities = 0
        self.entities_read = self.spans_read = 0

    def begin(self, path: Any) -> None:
        super().begin(path)
        self.stream.open(path.parent)

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
        doc = self.stream.add(self.doc(record))
        data = doc.user_data
        where = f"{data.get('source')!r}"
        text = doc.text  # built from the tokens on each access: once per doc
        if data.get("hash") != content_hash(text):
            raise CheckError(f"self-check failed: {where}: the Doc text is not the stored text")
        for gold in data["spans"]:
            check_surface(text, gold["start"], gold["end"], gold["text"], where)
        self.spans_read += len(data["spans"])
        self.entities_read += len(doc.ents)
        self.records += 1
        self.spans += len(record.rows)

    def finish(self) -> None:
        try:
            if self.path is not None and self.stream.spools:
                self.stream.write(self.path)
        finally:
            self.stream.close()

    def abort(self) -> None:
        """The spool files are closed (and so removed); the temp output is removed."""
        self.stream.close()

    def info(self) -> dict[str, object]:
        return {**super().info(), "entities": self.entities}

    def verify(self) -> None:
        assert self.path is not None
        self.stream.check(self.path)
        check_count("docs", self.records, self.stream.docs)
        check_count("spans", self.spans, self.spans_read)
        check_count("entities", self.entities, self.entities_read)
