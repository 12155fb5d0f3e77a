"""Rules of issue 13 (fewer corrections): victims, missed casualty numbers, places, actors.

Small made-up sentences, one class of the issue each; none is a copy of bench/data set C.
"""

from __future__ import annotations

import pytest

from annotator.suggest import Suggester
from tests.suggest.suggest_helpers import actors, casualties, surfaces

# -- casualty numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # digits glued to the harm word before them, or a no-break space after them
        ("أفادت مصادر بمقتل12 مدنياً في القصف.", [("12", 12, "killed", "exact", "CIVILIANS")]),
        (
            "قتل4 أشخاص وإصابة7\u00a0آخرين.",
            [("4", 4, "killed", "exact", None), ("7", 7, "wounded", "exact", None)],
        ),
        # ... but not an article glued to digits
        ("قتل عنصر في الـ10 من الشهر.", []),
        # words and digits after a scale word are one number
        (
            "وثقت الشبكة مقتل خمسة آلاف و212 شخصاً.",
            [("خمسة آلاف و212", 5212, "killed", "exact", None)],
        ),
        # a number word after the counted noun, and "one of" + a plural person noun
        (
            "قتل مدني واحد وأصيب ثلاثة آخرون.",
            [
                ("واحد", 1, "killed", "exact", "CIVILIANS"),
                ("ثلاثة", 3, "wounded", "exact", "CIVILIANS"),
            ],
        ),
        ("قتل أحد عناصر داعش بكمين.", [("أحد", 1, "killed", "exact", "ISIS")]),
        ("أصيب جنود اثنان بانفجار لغم.", [("اثنان", 2, "wounded", "exact", None)]),
        ("قال أحد الأحياء إن القصف توقف.", []),
        # vague quantities keep their article; a clitic before it stays out
        ("وأصيب بالعشرات من المدنيين.", [("العشرات", None, "wounded", "vague", "CIVILIANS")]),
        # kind per clause: the second harm word has its own count
        (
            "قتل عنصران من قسد وجرح ثلاثة.",
            [("عنصران", 2, "killed", "exact", "SDF"), ("ثلاثة", 3, "wounded", "exact", "SDF")],
        ),
        (
            "وقالت قسد إن 6 من عناصرها قتلوا وجرح العشرات.",
            [("6", 6, "killed", "exact", "SDF"), ("العشرات", None, "wounded", "vague", "SDF")],
        ),
        # a qualifier after the counted noun and its actor
        ("قتل 9 عناصر من داعش على الأقل.", [("9", 9, "killed", "at_least", "ISIS")]),
        (
            "هاجم داعش القرية، وقتل الجيش العراقي 5 منهم على الأقل.",
            [("5", 5, "killed", "at_least", "ISIS")],
        ),
    ],
)
def test_casualty_numbers(suggester: Suggester, text: str, expected: list[tuple]) -> None:
    assert casualties(suggester, text) == expected


# -- victims ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a pronoun that points back to the actor who announces
        (
            "أعلنت قسد أن 3 عناصر تابعين لها قتلوا بهجوم.",
            [("3", 3, "killed", "exact", "SDF")],
        ),
        ("نعت هيئة تحرير الشام 4 مقاتلين لها.", [("4", 4, "killed", "exact", "HTS")]),
        # a generic noun stands for the one actor of its side the article names
        (
            "هاجم مسلحو داعش القرية، وقتل 6 من عناصر التنظيم.",
            [("6", 6, "killed", "exact", "ISIS")],
        ),
        (
            "أعلن الجيش التركي مقتل 3 من أفراد الشرطة.",
            [("3", 3, "killed", "exact", "TURKISH_FORCES")],
        ),
        # a nationality adjective after soldiers names that state's forces
        ("قتل 4 جنود روس بانفجار لغم.", [("4", 4, "killed", "exact", "RUSSIAN_FORCES")]),
        ("مقتل جندي عراقي وإصابة اثنين آخرين.", [("اثنين", 2, "wounded", "exact", "IRAQI_FORCES")]),
        # a civilian harmed before آخرون
        ("قتل طفل وأصيب خمسة آخرون بقذيفة.", [("خمسة", 5, "wounded", "exact", "CIVILIANS")]),
        # a running total of shelling victims with no side named counts civilians ...
        (
            "ارتفعت حصيلة ضحايا الغارات على بلدات الريف إلى 31 قتيلاً.",
            [("31", 31, "killed", "exact", "CIVILIANS")],
        ),
        # ... a total of a count of civilians before it in the sentence too ...
        (
            "وثقت الشبكة مقتل 8 مدنيين، قبل أن ترتفع الحصيلة إلى 12 بعد وفاة طفلين.",
            [
                ("8", 8, "killed", "exact", "CIVILIANS"),
                ("12", 12, "killed", "exact", "CIVILIANS"),
                ("طفلين", 2, "killed", "exact", "CIVILIANS"),
            ],
        ),
        # ... but a total that names fighters and civilians is mixed
        (
            "وقتل أكثر من 500 شخص من المدنيين والعسكريين.",
            [("500", 500, "killed", "at_least", None)],
        ),
        # a bare clause joined to a count shares its victim
        (
            "قتل سبعة من عناصر حزب الله وأصيب 10 في الاشتباكات.",
            [
                ("سبعة", 7, "killed", "exact", "HEZBOLLAH"),
                ("10", 10, "wounded", "exact", "HEZBOLLAH"),
            ],
        ),
    ],
)
def test_victims(suggester: Suggester, text: str, expected: list[tuple]) -> None:
    assert casualties(suggester, text) == expected


# -- actors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Iraqi operations commands: the whole designation, the place inside is no place
        ("وقالت قيادة عمليات نينوى إن قواتها", [("قيادة عمليات نينوى", "IRAQI_FORCES")]),
        ("وأكدت قيادة عمليات الأنبار في بيان", [("قيادة عمليات الأنبار", "IRAQI_FORCES")]),
        ("بيان لقيادة العمليات المشتركة", [("قيادة العمليات المشتركة", "IRAQI_FORCES")]),
        ("نشرت العمليات المشتركة العراقية صوراً", [("العمليات المشتركة العراقية", "IRAQI_FORCES")]),
        # a nationality adjective that only describes stays out
        ("أعلنت قيادة العمليات المشتركة العراقية", [("قيادة العمليات المشتركة", "IRAQI_FORCES")]),
        ("انسحب الحشد الشعبي العراقي من البلدة", [("الحشد الشعبي", "PMF")]),
        ("اقتحم جهاز مكافحة الإرهاب العراقي الحي", [("جهاز مكافحة الإرهاب", "IRAQI_FORCES")]),
        # ... "joint operations" alone is no name
        ("نفذت القوات عمليات مشتركة في الصحراء", []),
        # quotation marks inside a name
        ('هاجمت خلايا تنظيم "الدولة" القرية', [('تنظيم "الدولة', "ISIS")]),
        ("أعلن تنظيم «الدولة الإسلامية» مسؤوليته", [("الدولة الإسلامية", "ISIS")]),
        ("استهدفت طائرات «التحالف» المنطقة", []),
    ],
)
def test_actors(suggester: Suggester, text: str, expected: list[tuple[str, str]]) -> None:
    assert actors(suggester, text) == expected


# -- places -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # capitals and countries as agents are not places; as locations they are
        ("في وقت تتهم فيه دمشق خلايا إرهابية", []),
        ("وصل الوفد إلى أنقرة", ["أنقرة"]),
        # datelines: "capital/ agency" and "outlet – place" on a short first line
        ("موسكو/ سبوتنيك\nأعلنت الوزارة", ["موسكو"]),
        ("الشبكة – صلاح الدين\nأعلن المصدر", ["صلاح الدين"]),
        # operation, agreement, battle and outlet names hold no place
        ('انطلقت عمليات "تحرير تلعفر والحضر" فجراً', []),
        ("وذلك بموجب مسار أستانا", []),
        ("نقلت الموصل نيوز عن مصدر", []),
        ("يطالب المجلس المحلي لبلدة كفرنبل بالإغاثة", []),
        # a guess after a type word is never a verb, particle, participle, common noun ...
        ("في قرية يدعى سكانها", []),
        ("قصف الطيران منطقة مستهدفا المدنيين", []),
        ("ووجهت قرية رسالة إلى", []),
        ("سقطت قذيفة على حي سكني", []),  # a guard: it held before
        ("دخلت القوات أحياء جديدة", []),
        # ... nor the type word again, in the dual or plural
        ("في منطقة القرى المحيطة", []),
        ("في ناحية المدينة", []),
        # recall: a list after a dual type word, through a direction after it
        ("في منطقتي الرطبة وكرعلاج شمالي البلاد", ["الرطبة", "كرعلاج"]),
        # a definite plural-looking name after a village's type word
        ("في قرية السويدات التابعة لناحية", ["السويدات"]),
        # landmarks: the first word is part of the name
        ("انفجرت عبوة في سوق الخضار وسط الرقة", ["سوق الخضار", "الرقة"]),
        # a known place with the adjective that names a part of it
        ("تجولنا في حلب القديمة", ["حلب القديمة"]),
        # بادية is a type word
        ("في بادية المطيرة", ["المطيرة"]),
        # و + a particle is not Van in a list
        ("قرب الرقة، وأن القوات", ["الرقة"]),
    ],
)
def test_places(suggester: Suggester, text: str, expected: list[str]) -> None:
    assert surfaces(suggester, text, "PLACE") == expected
