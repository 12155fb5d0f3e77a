"""The matcher's fast tokens are exactly annotator.arabic.tokens.tokenize() on normalised text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.arabic.normalize import normalize
from annotator.arabic.tokens import tokenize
from annotator.suggest.keys import name_key
from annotator.suggest.matcher import Tokens

ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآؤئىة"
    "ًٌٍَُِّْـ"
    "0123456789٠١٢٣٤٥٦٧٨٩"
    " \n\t.,،؛:!?؟«»“”\"'()[]-–—/_%"
    "abcXYZéß½²"
    "\u200c\u200d\u200f\u00a0"
)


def _as_tuples(toks: Tokens) -> list[tuple[int, int, str, str]]:
    return list(zip(toks.starts, toks.ends, toks.kinds, toks.keys, strict=True))


def _expected(ntext: str) -> list[tuple[int, int, str, str]]:
    return [
        (t.start, t.end, t.kind, "-" if t.kind == "punct" and t.text in "-–—" else t.text)
        for t in tokenize(ntext)
    ]


def test_seed_articles_tokenise_alike(gold_lines: list[dict]) -> None:
    for record in gold_lines:
        ntext = normalize(record["text"]).text
        assert _as_tuples(Tokens(ntext)) == _expected(ntext)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_random_texts_tokenise_alike(text: str) -> None:
    ntext = normalize(text).text
    assert _as_tuples(Tokens(ntext)) == _expected(ntext)


def test_a_limit_keeps_only_tokens_that_end_before_it() -> None:
    ntext = normalize("قسد في حمص. تعليق عن حلب").text
    toks = Tokens(ntext, ntext.index("تعليق"))
    assert toks.keys == ["قسد", "في", "حمص", "."]


def test_name_keys_unify_spelling_and_dashes() -> None:
    assert name_key("التحالف العربي – الدولي") == name_key("التحالف العربي-الدولي")
    assert name_key("قوات سورية الديمقراطية") == ("قوات", "سوريه", "الديمقراطيه")
    assert name_key("إدلب") == name_key("ادلب")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80), st.integers(min_value=0, max_value=90))
def test_a_limit_cuts_exactly_the_tokens_that_end_after_it(text: str, limit: int) -> None:
    ntext = normalize(text).text
    whole = [t for t in _as_tuples(Tokens(ntext)) if t[1] <= limit]
    assert _as_tuples(Tokens(ntext, limit)) == whole
