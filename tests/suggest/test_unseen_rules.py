"""Rules added after the unseen set (bench/data/unseen*.jsonl): actors, places, casualties."""

from __future__ import annotations

import pytest

from annotator.suggest import Suggester
from tests.suggest.suggest_helpers import actors, casualties, found, surfaces

# -- actors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an occupying force named by a hostile outlet is that state's forces ...
        ("قصف مرتزقة الاحتلال التركي قرى عين عيسى", [("الاحتلال التركي", "TURKISH_FORCES")]),
        ("استهدف جيش الاحتلال التركي القرى", [("جيش الاحتلال التركي", "TURKISH_FORCES")]),
        ("نفذ العدو الإسرائيلي عدواناً جوياً", [("العدو الإسرائيلي", "ISRAELI_FORCES")]),
        # ... the state itself is not
        ('وتواصل "دولة الاحتلال التركي" استهداف المنطقة', []),
        (
            "تصدت الدفاعات الجوية السورية للصواريخ",
            [("الدفاعات الجوية السورية", "SYRIAN_GOVERNMENT")],
        ),
        ("بغارات شنها طيران الأسد على دوما", [("طيران الأسد", "SYRIAN_GOVERNMENT")]),
        ("قصفت القوات النظامية الحي", [("القوات النظامية", "SYRIAN_GOVERNMENT")]),
        # a side named by its backer is an actor; with a pronoun it is not
        ("مقتل عناصر من الميليشيات الإيرانية", [("الميليشيات الإيرانية", "IRANIAN_MILITIAS")]),
        ("مواقع الميليشيات الموالية لإيران", [("الميليشيات الموالية لإيران", "IRANIAN_MILITIAS")]),
        ("تسيطر الفصائل الموالية لتركيا على عفرين", [("الفصائل الموالية لتركيا", "FSA")]),
        ("الجيش التركي والفصائل الموالية له", [("الجيش التركي", "TURKISH_FORCES")]),
        ("إخراج مسلحي حزب العمال من سنجار", [("حزب العمال", "PKK")]),
        ("فاز حزب العمال البريطاني بالانتخابات", []),
        (
            "أعلنت المقاومة الإسلامية في العراق",
            [("المقاومة الإسلامية في العراق", "ISLAMIC_RESISTANCE_IRAQ")],
        ),
    ],
)
def test_actor_designations(suggester: Suggester, text: str, expected: list) -> None:
    assert actors(suggester, text) == expected


def test_an_operations_command_is_an_actor_and_a_media_cell_is_not(suggester: Suggester) -> None:
    """Issue 13 makes Iraqi operations commands IRAQI_FORCES (the seed gold had left the joint
    command out); a media cell that reports stays no actor."""
    text = "أعلنت قيادة العمليات المشتركة تدمير 7 أوكار، وقالت خلية الإعلام الأمني"
    assert actors(suggester, text) == [("قيادة العمليات المشتركة", "IRAQI_FORCES")]


# -- places ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name's first word written joined or apart (كفر، تل، دير)
        ("في قرية كفرجنة قرب عفرين", ["كفرجنة", "عفرين"]),
        ("اشتباكات في كفر نبل", ["كفر نبل"]),
        # a foreign capital needs a locative cue ...
        ("وتلوّح أنقرة بعملية جديدة", []),
        ("التي تدعمها طهران", []),
        ("وصل الوفد إلى أنقرة أمس", ["أنقرة"]),
        # ... except as a dateline
        ("بيروت (أ ف ب) - قتل 5 عناصر", ["بيروت"]),
        # a government: VSO verb, a cue through مع/بين, an object pronoun on the cue
        ("وقالت موسكو إن طائراتها قصفت", []),
        ("بالتنسيق مع أربيل", []),
        ("المناطق المتنازع عليها بين أربيل وبغداد", []),
        ("التي تعدها تركيا امتداداً للحزب", []),
        ("وطالبت التحالف الدولي وروسيا بموقف واضح", []),
        # a place after a preposition stays a place although a government verb follows
        ("شن مئات الضربات في سوريا قال إنها تستهدف", ["سوريا"]),
        # names of operations, newspapers and organisations hold no place
        ("بعد عملية «غصن الزيتون» في عفرين", ["عفرين"]),
        ("عملية «درع الفرات»", []),
        ("وقالت مصادر محلية لـ«الشرق الأوسط» إن", []),
        ("أعلنت قيادة عمليات سامراء مقتل", []),
        ("على الضفة الغربية لنهر الفرات", ["الفرات"]),
        # صحراء and بادية stay out like ريف
        ("في صحراء الأنبار الغربية", ["الأنبار"]),
        ("في إقليم كوردستان", ["كوردستان"]),
    ],
)
def test_place_context_rules(suggester: Suggester, text: str, expected: list[str]) -> None:
    assert surfaces(suggester, text, "PLACE") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list closes with its و item: a comma after it starts a new clause
        (
            "حملة دهم في بلدات الشحيل وهجين والبصيرة، طالت عشرات الشبان",
            ["الشحيل", "هجين", "البصيرة"],
        ),
        # a common noun with an indefinite adjective is not a list item
        ("على مدينتي رأس العين وتل أبيض وشريط حدودي بطول 120 كيلومتراً", ["رأس العين", "تل أبيض"]),
        # a name's first word takes the next one in a list
        ("قصف قرى تل طويل وتل شنان والدردارة", ["تل طويل", "تل شنان", "الدردارة"]),
    ],
)
def test_guessed_list_items(suggester: Suggester, text: str, expected: list[str]) -> None:
    assert surfaces(suggester, text, "PLACE") == expected


def test_related_articles_are_cut(suggester: Suggester) -> None:
    text = (
        "اغتيالات في درعا\n\nقتل 3 عناصر في درعا.\n\nوتشهد المحافظة فوضى.\n\n"
        "مقالات متعلقة\n\nقوات النظام تقصف ريف درعا"
    )
    assert found(suggester, text) == [("PLACE", "درعا"), ("CASUALTY", "3"), ("PLACE", "درعا")]


# -- casualties --------------------------------------------------------------------------------


def test_list_items_take_the_kind_of_their_heading(suggester: Suggester) -> None:
    text = (
        "وثق المرصد مقتل 14 شخصاً، وهم:\n\n"
        "- 3 مدنيين بينهم طفلان، قضوا بانفجار لغم.\n\n"
        "- 5 عناصر من قوات النظام إثر هجوم لخلايا التنظيم.\n"
    )
    assert casualties(suggester, text) == [
        ("14", 14, "killed", "exact", None),
        ("3", 3, "killed", "exact", "CIVILIANS"),
        ("طفلان", 2, "killed", "exact", "CIVILIANS"),
        ("5", 5, "killed", "exact", "SYRIAN_GOVERNMENT"),
    ]


def test_an_item_needs_a_heading_that_ends_with_a_colon(suggester: Suggester) -> None:
    assert casualties(suggester, "وصلت الشحنة.\n- 5 عناصر من قوات النظام في الموقع.") == []


def test_among_them_belongs_to_the_count_it_fits(suggester: Suggester) -> None:
    text = "أسفرت عن مقتل 29 شخصاً وإصابة 11 آخرين، بينهم 12 عنصراً من قوات النظام."
    assert casualties(suggester, text)[-1] == ("12", 12, "killed", "exact", "SYRIAN_GOVERNMENT")


def test_among_them_with_no_person_noun_is_still_a_count(suggester: Suggester) -> None:
    text = "مقتل ما لا يقل عن 14 عنصراً من الميليشيات الإيرانية، بينهم 5 من الجنسية العراقية."
    assert casualties(suggester, text)[-1] == ("5", 5, "killed", "exact", "IRANIAN_MILITIAS")


def test_a_count_joined_by_waw_continues_the_list(suggester: Suggester) -> None:
    text = (
        "أسفرت عن مقتل 64 شخصاً، هم: 18 مدنياً، و43 من عناصر قسد والمتعاونين معها،"
        " و3 من عناصر التنظيم."
    )
    kinds = [row[2] for row in casualties(suggester, text)]
    assert kinds == ["killed"] * 4


def test_running_totals(suggester: Suggester) -> None:
    text = (
        "وبذلك ترتفع حصيلة قتلى قوات النظام والمسلحين الموالين لها في البادية منذ مطلع العام"
        " 2023 إلى 158، بينهم ضباط."
    )
    assert casualties(suggester, text) == [("158", 158, "killed", "exact", "SYRIAN_GOVERNMENT")]


def test_a_running_total_does_not_take_the_previous_victim(suggester: Suggester) -> None:
    text = (
        "قتل 3 من مقاتلي الجيش الوطني بقصف صاروخي.\n"
        "وبذلك ترتفع حصيلة الخسائر البشرية منذ مطلع العام إلى ١٢٤٥ قتيلاً."
    )
    assert casualties(suggester, text)[-1] == ("١٢٤٥", 1245, "killed", "exact", None)


def test_soldiers_are_counted_from_the_one_state_force_named(suggester: Suggester) -> None:
    text = (
        "أحبطت وحدات من الجيش العربي السوري هجوماً لجبهة النصرة.\n"
        "واستشهد جنديان وأصيب أربعة آخرون بالقذائف."
    )
    assert casualties(suggester, text) == [
        ("جنديان", 2, "killed", "exact", "SYRIAN_GOVERNMENT"),
        ("أربعة", 4, "wounded", "exact", "SYRIAN_GOVERNMENT"),
    ]


def test_soldiers_with_two_state_forces_named_have_no_victim(suggester: Suggester) -> None:
    text = "اشتبكت قوات البيشمركة مع الجيش العراقي.\nوقتل جنديان في الاشتباكات."
    assert casualties(suggester, text)[-1][4] is None


def test_terrorists_in_a_title_are_named_in_the_body(suggester: Suggester) -> None:
    text = "مقتل 5 إرهابيين بضربة جوية\n\nأعلنت الخلية مقتل خمسة إرهابيين من عصابات داعش."
    assert [row[4] for row in casualties(suggester, text)] == ["ISIS", "ISIS"]


def test_others_after_a_part_count_inherit_the_whole(suggester: Suggester) -> None:
    text = "قتل ستة أشخاص، بينهم ثلاثة أطفال، وأصيب أكثر من عشرين آخرين."
    assert casualties(suggester, text)[-1] == ("عشرين", 20, "wounded", "at_least", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أودت بحياة أكثر من مئة مدني", [("مئة", 100, "killed", "at_least", "CIVILIANS")]),
        ("مقبرة جماعية تضم رفات 25 شخصاً", [("25", 25, "killed", "exact", None)]),
        (
            "قتل 12 شخصاً وأصاب 25 آخرين",
            [("12", 12, "killed", "exact", None), ("25", 25, "wounded", "exact", None)],
        ),
        ("تسبب بمقتل أكثر من نصف مليون شخص", [("نصف مليون", 500000, "killed", "at_least", None)]),
        ("استشهاد مواطنَين بقصف مدفعي", [("مواطنَين", 2, "killed", "exact", "CIVILIANS")]),
        # the dual that agrees with a count is not a second count
        ("وأصيب اثنان آخران", [("اثنان", 2, "wounded", "exact", None)]),
        ("استشهد منتسبان في الشرطة الاتحادية", [("منتسبان", 2, "killed", "exact", "IRAQI_FORCES")]),
        ("مقتل 3 من منتسبي الحشد الشعبي", [("3", 3, "killed", "exact", "PMF")]),
        (
            "مقتل نحو عشرين من عناصر تلك الميليشيات الإيرانية",
            [("عشرين", 20, "killed", "approx", "IRANIAN_MILITIAS")],
        ),
        (
            "الفرقة الرابعة تقصف طفس بعد مقتل عنصرين من مرتباتها",
            [("عنصرين", 2, "killed", "exact", "SYRIAN_GOVERNMENT")],
        ),
        # objects counted after a harm word are not people
        ("مقتل الإرهابيين وضبط 4 أحزمة ناسفة", []),
    ],
)
def test_casualty_cues_and_nouns(suggester: Suggester, text: str, expected: list) -> None:
    assert casualties(suggester, text) == expected
