from annotator.domain.safe_text import visible


def test_escape_sequences_and_bidi_controls_are_shown() -> None:
    assert visible("\x1b[2J\u202eevil") == "\\x1b[2J\\u202eevil"
    assert visible("a\u2066b\u2069c\u200f") == "a\\u2066b\\u2069c\\u200f"
    assert visible("tab\there\x7f") == "tab\\x09here\\x7f"


def test_arabic_and_plain_text_unchanged() -> None:
    text = "قتل 45 من عناصر «داعش» في ريف حلب 🙂"
    assert visible(text) is text


def test_newlines_kept_only_when_asked() -> None:
    assert visible("a\nb") == "a\\x0ab"
    assert visible("a\nb\x00", keep_newlines=True) == "a\nb\\x00"


def test_the_hazard_pattern_is_exactly_is_hazard_on_every_code_point() -> None:
    """HAZARDS (the scan in C used by ``visible`` and the CLI's JSON output) and is_hazard
    agree on all of Unicode."""
    from annotator.domain.safe_text import HAZARDS, is_hazard

    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert "".join(HAZARDS.findall(text)) == "".join(c for c in text if is_hazard(c))


def test_lone_surrogates_are_shown_as_escapes() -> None:
    shown = visible("gold\ud800")
    assert shown == "gold\\ud800"
    shown.encode("utf-8")  # printable on any UTF-8 terminal
