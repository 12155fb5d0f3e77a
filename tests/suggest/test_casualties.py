"""Casualty detection: which numbers count harmed people, with kind, qualifier and victim."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.arabic.normalize import normalize
from annotator.domain.labels import Label
from annotator.domain.span import Span
from annotator.suggest.casualties import ActorMention, CasualtyCandidate, detect_casualties

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold_seeds.jsonl"
# Where the seeds' boilerplate starts; the pipeline finds this itself (BodyEnd).
_MARKERS = ("[ads3]", "مقالات ذات صلة", "التعليقات المنشورة", "للتصحيح أو إبداء")

Row = tuple[str, int | None, str, str, str | None]
_PIECES = [
    *("قتل", "مقتل", "أصيب", "اعتقال", "خطف", "ق. تل", "قت.", "يلا", "قتلى", "وجرحى"),
    *("5", "١٢", "2019", "ثلاثة", "عشر", "و", "ألف", "عشرات", "ضابطان", "آخرين"),
    *("من", "منهم", "بينهم", "داعش", "التنظيم", "عناصر", "مدنيين", "على الأقل", "نحو"),
    *("مايو", "عاماً", "%", "،", ".", "\n", "«", "»", "ـ", "ً", "\u200f"),
]


def _detect(text: str, actors: dict[str, str] | None = None) -> list[CasualtyCandidate]:
    mentions = []
    for surface, actor in (actors or {}).items():
        start = text.find(surface)
        while start >= 0:
            mentions.append(ActorMention(start, start + len(surface), actor))
            start = text.find(surface, start + 1)
    return detect_casualties(text, normalize(text), mentions, len(text))


def _rows(text: str, actors: dict[str, str] | None = None) -> list[Row]:
    return [
        (text[c.start : c.end], c.count, c.kind, c.qualifier, c.victim)
        for c in _detect(text, actors)
    ]


def _gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]


def _body_end(text: str) -> int:
    return min([text.find(m) for m in _MARKERS if m in text] or [len(text)])


@pytest.mark.parametrize("article", _gold(), ids=lambda a: a["source"][:3])
def test_gold_casualties_exactly(article: dict) -> None:
    text = article["text"]
    actors = [
        ActorMention(s["start"], s["end"], s["actor"])
        for s in article["spans"]
        if s["label"] == "ACTOR"
    ]
    found = detect_casualties(text, normalize(text), actors, _body_end(text))
    got = [(c.start, c.end, c.count, c.kind, c.qualifier, c.victim) for c in found]
    want = [
        (s["start"], s["end"], s["count"], s["kind"], s["qualifier"], s["victim"])
        for s in article["spans"]
        if s["label"] == "CASUALTY"
    ]
    assert got == want


def test_candidates_are_valid_codebook_spans() -> None:
    for article in _gold():
        text = article["text"]
        for c in detect_casualties(text, normalize(text), [], len(text)):
            Span(c.start, c.end, Label.CASUALTY, c.attrs()).check(text)
            assert 0.0 < c.score < 1.0


@pytest.mark.parametrize(
    ("text", "actors", "expected"),
    [
        # kind from the harm word before or after, or from the counted noun itself
        ("قتل 5 مدنيين في قصف.", {}, [("5", 5, "killed", "exact", "CIVILIANS")]),
        ("أصيب 12 شخصاً بجروح.", {}, [("12", 12, "wounded", "exact", None)]),
        ("استشهد 367 مدنياً.", {}, [("367", 367, "killed", "exact", "CIVILIANS")]),
        ("أن 3 إرهابيين قتلوا.", {}, [("3", 3, "killed", "exact", None)]),
        (
            "سقط 8 قتلى و15 جريحاً.",
            {},
            [("8", 8, "killed", "exact", None), ("15", 15, "wounded", "exact", None)],
        ),
        ("اعتقلت الشرطة 15 شخصاً.", {}, [("15", 15, "captured", "exact", None)]),
        ("ألقي القبض على ثلاثة عشر آخرين.", {}, [("ثلاثة عشر", 13, "captured", "exact", None)]),
        ("خطف مسلحون ثلاثة أشخاص.", {}, [("ثلاثة", 3, "missing", "exact", None)]),
        ("وأعلن أن 14 من جنوده فقدوا.", {}, [("14", 14, "missing", "exact", None)]),
        ("أعدم التنظيم 4 أشخاص.", {}, [("4", 4, "killed", "exact", None)]),
        ("وأن تسعةً منهم فجروا أنفسهم.", {}, [("تسعةً", 9, "killed", "exact", None)]),
        # killed_or_wounded
        ("أوقع الهجوم 8 قتلى وجرحى.", {}, [("8", 8, "killed_or_wounded", "exact", None)]),
        ("سقط 6 بين قتيل وجريح.", {}, [("6", 6, "killed_or_wounded", "exact", None)]),
        ("أن ثمانية عناصر قتلوا وأصيبوا.", {}, [("ثمانية", 8, "killed_or_wounded", "exact", None)]),
        ("عن مقتل وجرح 25 عنصراً.", {}, [("25", 25, "killed_or_wounded", "exact", None)]),
        # broken spellings that dodge filters
        ("أحصى المرصد 35 قت. يلا.", {}, [("35", 35, "killed", "exact", None)]),
        (
            "وقال “ق. تل 27 من قوات النظام”",
            {"قوات النظام": "SYRIAN_GOVERNMENT"},
            [("27", 27, "killed", "exact", "SYRIAN_GOVERNMENT")],
        ),
        ("عن “مق. تل ثمانية آخرين”", {}, [("ثمانية", 8, "killed", "exact", None)]),
        (
            "سقوط 4 ق.تلى و7 ج.رحى",
            {},
            [("4", 4, "killed", "exact", None), ("7", 7, "wounded", "exact", None)],
        ),
        ("ارتفع عدد القت. لى إلى 40 شخصاً", {}, [("40", 40, "killed", "exact", None)]),
        # qualifiers, before the number or after the counted noun
        ("قتل 12 عنصراً على الأقل.", {}, [("12", 12, "killed", "at_least", None)]),
        ("لقي مصرع ما لا يقل عن 35 شخصاً.", {}, [("35", 35, "killed", "at_least", None)]),
        ("أصيب أكثر من 20 مدنياً.", {}, [("20", 20, "wounded", "at_least", "CIVILIANS")]),
        ("قتل ما يزيد عن 50 عنصراً.", {}, [("50", 50, "killed", "at_least", None)]),
        ("قتل نحو 20 عنصراً.", {}, [("20", 20, "killed", "approx", None)]),
        ("قتل قرابة 60 شخصاً.", {}, [("60", 60, "killed", "approx", None)]),
        ("قتل حوالي 30 شخصاً.", {}, [("30", 30, "killed", "approx", None)]),
        ("قتل 7 أشخاص تقريباً.", {}, [("7", 7, "killed", "approx", None)]),
        ("قتل ما لا يزيد عن 10 أشخاص.", {}, [("10", 10, "killed", "at_most", None)]),
        ("قتل أقل من 10 أشخاص.", {}, [("10", 10, "killed", "at_most", None)]),
        ("وقتل عشرات المدنيين.", {}, [("عشرات", None, "killed", "vague", "CIVILIANS")]),
        ("وأصيب العشرات بجروح.", {}, [("العشرات", None, "wounded", "vague", None)]),
        ("وقتل مئات العناصر.", {}, [("مئات", None, "killed", "vague", None)]),
        # duals and number words
        ("بينهم ضابطان.", {}, []),
        (
            "قتل ضابطان وثلاثة جنود من الجيش التركي.",
            {"الجيش التركي": "TURKISH_FORCES"},
            [
                ("ضابطان", 2, "killed", "exact", "TURKISH_FORCES"),
                ("ثلاثة", 3, "killed", "exact", "TURKISH_FORCES"),
            ],
        ),
        ("قتل جندي وأصيب جنديان آخران.", {}, [("جنديان", 2, "wounded", "exact", None)]),
        ("قتل ستة وعشرون عنصراً.", {}, [("ستة وعشرون", 26, "killed", "exact", None)]),
        ("قُتل ١٢ مدنياً.", {}, [("١٢", 12, "killed", "exact", "CIVILIANS")]),
        ("ومنذ بداية العام قتل 1,200 شخص.", {}, [("1,200", 1200, "killed", "exact", None)]),
        ("أكثر من 500 ألف قتيل منذ 2011.", {}, [("500 ألف", 500000, "killed", "at_least", None)]),
        ("قتل وجرح 15 شخصاً.", {}, [("15", 15, "killed_or_wounded", "exact", None)]),
        ("مقتل شخصين وإصابة آخرين.", {}, [("شخصين", 2, "killed", "exact", None)]),
        ("لقي 4 أشخاص مصرعهم.", {}, [("4", 4, "killed", "exact", None)]),
        ("بلغ عدد الضحايا 45.", {}, [("45", 45, "killed", "exact", None)]),
        (
            "قتل 4 أشخاص، 3 منهم أطفال.",
            {},
            [("4", 4, "killed", "exact", None), ("3", 3, "killed", "exact", "CIVILIANS")],
        ),
    ],
)
def test_rules(text: str, actors: dict[str, str], expected: list[Row]) -> None:
    assert _rows(text, actors) == expected


@pytest.mark.parametrize(
    ("text", "actors", "expected"),
    [
        # named after the number: من / في صفوف / ل / a member noun
        ("يعلن مقتل 45 من داعش", {"داعش": "ISIS"}, "ISIS"),
        ("قتل 45 عنصراً من عناصر تنظيم ”داعش“.", {"داعش": "ISIS"}, "ISIS"),
        (
            "سقط 35 قتيلا على الأقل في صفوف قوات النظام.",
            {"قوات النظام": "SYRIAN_GOVERNMENT"},
            "SYRIAN_GOVERNMENT",
        ),
        ("وقتل 602 من مسلحي «قسد».", {"قسد": "SDF"}, "SDF"),
        ("قتل 5 عناصر لحزب الله.", {"حزب الله": "HEZBOLLAH"}, "HEZBOLLAH"),
        ("أن «30 إرهابياً (داعشياً) هلكوا».", {}, "ISIS"),
        ("قتل 1087 من مسلحي وقادة داعش.", {"داعش": "ISIS"}, "ISIS"),
        # the actor that speaks is not the victim
        (
            "”جيش الإسلام“ يعلن مقتل 45 من داعش",
            {"جيش الإسلام": "JAYSH_AL_ISLAM", "داعش": "ISIS"},
            "ISIS",
        ),
        # civilians from the counted noun
        ("قتل 3 أطفال.", {}, "CIVILIANS"),
        ("قتل 5 من المدنيين.", {}, "CIVILIANS"),
        # mixed sides: null
        ("قتل 100 مقاتل من الطرفين.", {}, None),
        ("أنباء عن مقتل 32 مسلحاً منها والتنظيم.", {}, None),
        ("قتل 9 من داعش وقسد.", {"داعش": "ISIS", "قسد": "SDF"}, None),
        ("قتل 5 مسلحين وطفل.", {}, None),
        # the perpetrator after "by" is not the victim
        ("اعتقال 20 شخصاً من قبل قوات النظام.", {"قوات النظام": "SYRIAN_GOVERNMENT"}, None),
        ("قتل 3 مدنيين بقصف لقوات النظام.", {"قوات النظام": "SYRIAN_GOVERNMENT"}, "CIVILIANS"),
        ("اعتقلت قسد 15 شخصاً بتهمة الانتماء لداعش.", {"قسد": "SDF", "داعش": "ISIS"}, None),
    ],
)
def test_victim_named(text: str, actors: dict[str, str], expected: str | None) -> None:
    (c,) = _detect(text, actors)
    assert c.victim == expected


def test_victim_from_pronoun_refers_to_nearest_actor() -> None:
    text = "وتنظيم داعش الذي لقي مصرع ما لا يقل عن 35 من عناصره نتيجة الاشتباكات."
    (c,) = _detect(text, {"داعش": "ISIS"})
    assert (c.victim, c.qualifier) == ("ISIS", "at_least")


def test_victim_of_generic_noun_is_the_actor_named_with_that_head_word() -> None:
    text = (
        "مقتل 23 مسلحاً من الميليشيا في هجوم التنظيم.. وبغداد أكدت مقتل 30 قيادياً منه. "
        "واصلت ميليشيا «قسد» تضييق الخناق على تنظيم داعش."
    )
    got = [(c.count, c.victim) for c in _detect(text, {"قسد": "SDF", "داعش": "ISIS"})]
    assert got == [(23, "SDF"), (30, "ISIS")]


def test_others_and_among_them_take_the_previous_count() -> None:
    text = (
        "أكد المرصد مقتل 23 مسلحاً من «قسد» خلال هجمات داعش، وأصيب أيضاً ما لا يقل عن "
        "30 آخرين منهم بجراح. وقال إن 27 من قوات النظام قتلوا، بينهم أربعة ضباط."
    )
    actors = {"قسد": "SDF", "داعش": "ISIS", "قوات النظام": "SYRIAN_GOVERNMENT"}
    got = [(c.count, c.kind, c.victim) for c in _detect(text, actors)]
    assert got == [
        (23, "killed", "SDF"),
        (30, "wounded", "SDF"),
        (27, "killed", "SYRIAN_GOVERNMENT"),
        (4, "killed", "SYRIAN_GOVERNMENT"),
    ]


def test_killed_and_wounded_with_counts_of_their_own_stay_apart() -> None:
    text = "إن 5 من عناصر الحشد الشعبي قتلوا وأصيب 9 آخرون."
    got = [(c.count, c.kind, c.victim) for c in _detect(text, {"الحشد الشعبي": "PMF"})]
    assert got == [(5, "killed", "PMF"), (9, "wounded", "PMF")]


def test_pronoun_skips_the_agent_of_an_active_verb() -> None:
    text = "هاجم مسلحو داعش نقطة تفتيش.\nوطاردت قوة من الجيش العراقي المهاجمين وقتلت اثنين منهم."
    (c,) = _detect(text, {"داعش": "ISIS", "الجيش العراقي": "IRAQI_FORCES"})
    assert (c.count, c.kind, c.victim) == (2, "killed", "ISIS")


def test_victim_from_an_earlier_report_without_a_number() -> None:
    text = "التنظيم يعلن مقتل عناصر للتحالف الدولي.\nوقال إن الهجوم أوقع 8 قتلى وجرحى."
    start = text.index("لتحالف الدولي")  # the gazetteer's span leaves the clitic ل out
    coalition = ActorMention(start, start + len("لتحالف الدولي"), "COALITION")
    (c,) = detect_casualties(text, normalize(text), [coalition], len(text))
    assert (c.count, c.kind, c.victim) == (8, "killed_or_wounded", "COALITION")


def test_no_victim_from_an_unrelated_earlier_count_for_plain_people() -> None:
    text = "قتل 5 من داعش في غارة.\nواعتقلت الشرطة 20 شخصاً في حملة."
    got = [(c.count, c.victim) for c in _detect(text, {"داعش": "ISIS"})]
    assert got == [(5, "ISIS"), (20, None)]


@pytest.mark.parametrize(
    "text",
    [
        "الثلاثاء 21 مايو / أيار 2019",
        "وأطلقت قسد في 16مايو/أيار الحالي حملة.",
        "منذ الـ10 من أيلول من العام الماضي قتل كثيرون.",
        "في 23 آذار/مارس أعلنت الخلافة في العام 2014.",
        "قتل رجل يبلغ من العمر 45 عاماً.",
        "قتل طفل البالغ 12 عاما.",
        "استمرت لنحو 24 ساعة المعارك التي قتل فيها كثيرون.",
        "تستمر المعارك منذ 5 أيام.",
        "قتل 40% من العناصر.",
        "قتل 3.5 بالمئة من السكان.",
        "الساعة 10 قتل جندي.",
        "دخلت 15 عربة همر و2 زيل عسكري.",
        "دمرت الغارات 4 دبابات و3 عربات.",
        "بواسطة طائرات قواتنا الجوية إف 16 هلك الإرهابيون.",
        "سلمت خمسة مسلحين و11 امرأة و30 طفلاً من معتقلي داعش إلى حكومة بلادهم.",
        "أفرجت قوات النظام عن 50 معتقلاً.",
        "أطلقت الهيئة سراح 12 معتقلاً.",
        "نزوح 300 ألف شخص من إدلب.",
        "قالت مصادر إن 250 عائلة نزحت.",
        "شارك في الهجوم 300 مقاتل.",
        "ويبلغ عدد سكان البلدة 20 ألف نسمة.",
        "نفذت الطائرات 25 غارة على المنطقة.",
        "قضى 5 سنوات في السجن.",
        "ISIS23112018 قتل",
        "للتواصل: 0933123456 أو desk123@site.com بعد مقتل الصحفي",
        "انظر https://example.com/news/2019/45-killed قتلى",
        "قتل 2 و3 و4 من أيلول",
        "قتل قائد اللواء 47 في غارة.",
        "القرار 2254 يدعو إلى وقف قتل المدنيين.",
        "وقال إن 70 بالمئة من القتلى مدنيون.",
        "يبلغ عدد عناصر التنظيم نحو 2000 عنصر.",
    ],
)
def test_not_casualties(text: str) -> None:
    got = [text[c.start : c.end] for c in _detect(text)]
    assert got == []


def test_nothing_at_or_after_body_end() -> None:
    text = "قتل 5 مدنيين.\nالتعليقات\nقتل 7 مدنيين."
    body_end = text.index("التعليقات")
    got = detect_casualties(text, normalize(text), [], body_end)
    assert [c.count for c in got] == [5]
    assert detect_casualties(text, normalize(text), [], 0) == []


def test_offsets_include_diacritics_and_skip_format_characters() -> None:
    text = "\u200fوأن تسعةً\u200f منهم قُتلوا، وخَمْسَةٌ وَأَرْبَعُونَ 😀 عنصراً قتلوا"
    got = [text[c.start : c.end] for c in _detect(text)]
    assert got == ["تسعةً", "خَمْسَةٌ وَأَرْبَعُونَ"]


def test_gold_quality_floor() -> None:
    """Exact-offset P/R on the dev seeds with the gold actor spans (measured 1.00/1.00)."""
    tp = fp = fn = 0
    for article in _gold():
        text = article["text"]
        actors = [
            ActorMention(s["start"], s["end"], s["actor"])
            for s in article["spans"]
            if s["label"] == "ACTOR"
        ]
        got = {
            (c.start, c.end) for c in detect_casualties(text, normalize(text), actors, len(text))
        }
        want = {(s["start"], s["end"]) for s in article["spans"] if s["label"] == "CASUALTY"}
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.95


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map(" ".join))
def test_detection_never_breaks_on_odd_text(text: str) -> None:
    for c in _detect(text, {"داعش": "ISIS"}):
        Span(c.start, c.end, Label.CASUALTY, c.attrs()).check(text)
