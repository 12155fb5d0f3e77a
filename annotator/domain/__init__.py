"""Pure data of the codebook: labels, attributes, articles and spans."""

from __future__ import annotations

from annotator.domain.article import Article, content_hash, default_title, to_stored_text
from annotator.domain.labels import (
    CIVILIANS,
    CODEBOOK_ACTOR_IDS,
    GOLD,
    ArticleState,
    Kind,
    Label,
    Origin,
    Qualifier,
    Status,
)
from annotator.domain.names import (
    MAX_NAME_LENGTH,
    AnnotatorNameError,
    check_name,
    clean_name,
    looks_like_gold,
)
from annotator.domain.span import Span, SpanError, span_from_gold, span_to_gold
from annotator.domain.span_row import SpanRow
from annotator.domain.suggestion import LearnedNames, Suggestion

__all__ = [
    "CIVILIANS",
    "CODEBOOK_ACTOR_IDS",
    "GOLD",
    "MAX_NAME_LENGTH",
    "AnnotatorNameError",
    "Article",
    "ArticleState",
    "Kind",
    "Label",
    "LearnedNames",
    "Origin",
    "Qualifier",
    "Span",
    "SpanError",
    "SpanRow",
    "Status",
    "Suggestion",
    "check_name",
    "clean_name",
    "content_hash",
    "default_title",
    "looks_like_gold",
    "span_from_gold",
    "span_to_gold",
    "to_stored_text",
]
