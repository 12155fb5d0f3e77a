"""Arabic text handling: normalisation with offsets, tokens and clitics, numbers.

No Qt and no database here; offsets are always Unicode code points.
"""

from __future__ import annotations

from annotator.arabic.clitics import CliticSplit, clitic_splits
from annotator.arabic.normalize import Normalized, normalize, normalize_key
from annotator.arabic.numbers import NumberMatch, find_numbers, parse_number_words
from annotator.arabic.tokens import Token, TokenList, tokenize, tokenize_normalized

__all__ = [
    "CliticSplit",
    "Normalized",
    "NumberMatch",
    "Token",
    "TokenList",
    "clitic_splits",
    "find_numbers",
    "normalize",
    "normalize_key",
    "parse_number_words",
    "tokenize",
    "tokenize_normalized",
]
