"""The codebook's span rules for ACTOR and PLACE, one sentence at a time."""

from __future__ import annotations

import pytest
from suggest_helpers import found, surfaces

from annotator.suggest import Suggester

# Every name of the codebook's actor table, in a plain sentence, gives its id.
CODEBOOK_TABLE = {
    "ISIS": ["داعش", "تنظيم الدولة", "تنظيم الدولة الإسلامية", "الدولة الإسلامية"],
    "SDF": ["قسد", "قوات سوريا الديمقراطية", "قوات سورية الديمقراطية"],
    "YPG": ["وحدات حماية الشعب", "وحدات حماية الشعب الكردية", "الوحدات الكردية"],
    "SYRIAN_GOVERNMENT": [
        "قوات النظام",
        "قوات الأسد",
        "قوات بشار الأسد",
        "الجيش السوري",
        "الجيش العربي السوري",
        "النظام السوري",
        "القوات الحكومية",
    ],
    "JAYSH_AL_ISLAM": ["جيش الإسلام"],
    "COALITION": ["التحالف الدولي", "التحالف العربي – الدولي"],
    "SYRIAC_MILITARY_COUNCIL": ["المجلس العسكري السرياني"],
    "KHABOUR_GUARDS": ["حرس الخابور"],
    "HTS": ["هيئة تحرير الشام", "جبهة النصرة", "جبهة فتح الشام"],
    "FSA": ["الجيش الحر", "الجيش السوري الحر", "الجيش الوطني السوري"],
    "IRAQI_FORCES": [
        "القوات العراقية",
        "الجيش العراقي",
        "القوات الأمنية العراقية",
        "الشرطة العراقية",
    ],
    "PESHMERGA": ["البشمركة"],
    "PMF": ["الحشد الشعبي"],
    "TURKISH_FORCES": ["الجيش التركي", "القوات التركية"],
    "RUSSIAN_FORCES": ["القوات الروسية", "الطيران الروسي"],
    "HEZBOLLAH": ["حزب الله"],
    "AL_QAEDA": ["تنظيم القاعدة"],
}


@pytest.mark.parametrize(
    ("actor_id", "name"),
    [(actor_id, name) for actor_id, names in CODEBOOK_TABLE.items() for name in names],
)
def test_every_codebook_name_gives_its_id(suggester: Suggester, actor_id: str, name: str) -> None:
    text = f"وقالت مصادر إن {name} شنت هجوما أمس."
    actors = [s for s in suggester.suggest(text) if s.span.label.value == "ACTOR"]
    assert [(text[s.span.start : s.span.end], s.span.attrs["actor"]) for s in actors] == [
        (name, actor_id)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل عناصر من تنظيم ”داعش“ أمس", ["داعش"]),
        ("اشتباكات مع ميليشيا “قسد” في المنطقة", ["قسد"]),
        ("وسط غارات من قبل طيران التحالف الدولي على المنطقة", ["التحالف الدولي"]),
        ("مدعمة بقوات حرس الخابور من طرف آخر", ["حرس الخابور"]),
        ("دخلت قوات البشمركة إلى المدينة", ["البشمركة"]),
        ("أرسلت «قوات التحالف الدولي تعزيزات عسكرية»", ["التحالف الدولي"]),
        ("ضربات جوية من طائرات التحالف الدولي بقيادة واشنطن", ["التحالف الدولي"]),
        ("تستهدف خلايا تنظيم الدولة شرق المدينة", ["تنظيم الدولة"]),
        ("هجمات شنها تنظيم الدولة الإسلامية في المنطقة", ["تنظيم الدولة الإسلامية"]),
        ("بين تنظيم الدولة “داعش” وميليشيا “قسد”", ["تنظيم الدولة", "داعش", "قسد"]),
        ("يكبد قوات بشار الأسد خسائر فادحة", ["قوات بشار الأسد"]),
        ("قصفت قوات النظام السوري المنطقة", ["النظام السوري"]),
        ("تمركز عناصر الجيش السوري الحر في المنطقة", ["الجيش السوري الحر"]),
    ],
)
def test_head_words_stay_out_only_when_the_rest_is_a_name(
    suggester: Suggester, text: str, expected: list[str]
) -> None:
    assert surfaces(suggester, text, "ACTOR") == expected


@pytest.mark.parametrize(
    "text",
    [
        "قال مقاتلو التنظيم إن الميليشيا انسحبت",
        "وأكد الجيش أن النظام نقل الوحدات إلى التحالف",
        "انتشرت قوات الأمن في الشوارع",
        "قال المرصد السوري لحقوق الإنسان إن الاشتباكات تجددت",
        "وأعلن التنظيم عبر وكالة أعماق مسؤوليته",
        "أعلنت القاعدة العسكرية حالة الاستنفار",
        "طائرات «التحالف» تحلق في سماء المنطقة",
    ],
)
def test_generic_nouns_monitors_and_agencies_are_not_actors(
    suggester: Suggester, text: str
) -> None:
    assert surfaces(suggester, text, "ACTOR") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وتواصلت الاشتباكات بين «قسد» وداعش أمس", ["قسد", "داعش"]),
        ("هجمات استهدفت مقرات عسكرية لقسد في المنطقة", ["قسد"]),
        ("وذلك بعد الهجمات المباغتة لـداعش.", ["داعش"]),
        ("قصف مقر الإشارة التابع لـ“جيش الإسلام“ أمس", ["جيش الإسلام"]),
        ("بالتنسيق مع فصائل الجيش الحر", ["الجيش الحر"]),
    ],
)
def test_clitics_and_quotes_stay_out_of_actor_spans(
    suggester: Suggester, text: str, expected: list[str]
) -> None:
    assert surfaces(suggester, text, "ACTOR") == expected


def test_a_context_name_needs_a_head_word_or_quotes(suggester: Suggester) -> None:
    assert surfaces(suggester, "قتل قيادي في تنظيم القاعدة", "ACTOR") == ["تنظيم القاعدة"]
    assert surfaces(suggester, "اعتقال عناصر من القاعدة في المدينة", "ACTOR") == ["القاعدة"]
    assert surfaces(suggester, "ضربة على القاعدة الجوية", "ACTOR") == []


def test_latin_names_need_a_word_boundary(suggester: Suggester) -> None:
    assert surfaces(suggester, "ISIS23112018", "ACTOR") == []
    assert surfaces(suggester, "مقاتلون من YPG في المدينة", "ACTOR") == ["YPG"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اشتباكات في بلدة الباغوز أمس", ["الباغوز"]),
        ("قصف على مواقع بريف الحسكة", ["الحسكة"]),
        ("عند ضفاف نهر الفرات الشرقية", ["الفرات"]),
        ("في ريف حمص الشرقي منذ أيام", ["حمص"]),
        ("بمفخخة جنوب الحسكة أمس", ["الحسكة"]),
        ("في بلدة الباغوز شرقي دير الزور", ["الباغوز", "دير الزور"]),
        ("في منطقة القلمون الشرقي في ريف دمشق", ["القلمون الشرقي", "دمشق"]),
        ("خلايا التنظيم شرق الفرات", ["شرق الفرات"]),
        ("اقتحام الغوطة الشرقية بعد حصار طويل", ["الغوطة الشرقية"]),
        ("ينتشر التنظيم في البادية السورية", ["البادية السورية"]),
        ("مقتل 45 من داعش بالقلمون السورية", ["القلمون"]),
        ("على أطراف بلدتي السوسة والباغوز فوقاني", ["السوسة", "الباغوز فوقاني"]),
        ("في مناطق سيطرته في سوريا والعراق المجاور", ["سوريا", "العراق"]),
        ("على طريق بين الحسكة ودير الزور جنوب مدينة الشدادي", ["الحسكة", "دير الزور", "الشدادي"]),
        ("في مخيم الهول شرق الحسكة", ["الهول", "الحسكة"]),
        ("وصلت إلى مدينة البو كمال أمس", ["البو كمال"]),
        ("هجوم على كوباني، أو عين العرب", ["كوباني", "عين العرب"]),
    ],
)
def test_place_spans_leave_type_words_directions_and_clitics_out(
    suggester: Suggester, text: str, expected: list[str]
) -> None:
    assert surfaces(suggester, text, "PLACE") == expected


@pytest.mark.parametrize(
    "text",
    [
        "وبغداد أكدت مقتل 30 قيادياً",
        "الذي أكدت بغداد مقتله أمس",
        "التحالف الدولي بقيادة واشنطن",
        "التحالف الذي تقوده واشنطن",
        "إلى حكومة بلادهم، بوساطة من أميركا",
        "نقلت وكالة «إرنا» الإيرانية للأنباء",
        "وقال المرصد السوري إن العناصر الغير سورية قتلوا",
        "وصلت طائرة إلى مطار القامشلي",
        "توصلت إليه أنقرة وموسكو في آذار",
    ],
)
def test_governments_adjectives_facilities_are_not_places(suggester: Suggester, text: str) -> None:
    assert surfaces(suggester, text, "PLACE") == []


def test_a_common_word_place_needs_a_type_word(suggester: Suggester) -> None:
    assert surfaces(suggester, "تركز الهجوم في منطقة الجسر، ما أجبر", "PLACE") == ["الجسر"]
    assert surfaces(suggester, "عبر الجسر إلى الضفة الأخرى", "PLACE") == []
    assert surfaces(suggester, "من أجل السلام والحرية", "PLACE") == []
    assert surfaces(suggester, "عاد اللاجئون إلى سورية أمس", "PLACE") == ["سورية"]
    assert surfaces(suggester, "قال إن العناصر الغير سورية قتلوا", "PLACE") == []
    assert surfaces(suggester, "شرقي سورية", "PLACE") == ["سورية"]


def test_unknown_names_after_a_type_word_are_guessed(suggester: Suggester) -> None:
    text = "في قرية طيب الفال بالقرب من المدينة، وفي منطقة تل الفويضة وقرى قريبة"
    assert surfaces(suggester, text, "PLACE") == ["طيب الفال", "تل الفويضة"]
    text = "لم يعد مسيطراً إلا على منطقتي “المراشدة، السفافنة” وأجزاء من بلدة “الباغوز”"
    assert surfaces(suggester, text, "PLACE") == ["المراشدة", "السفافنة", "الباغوز"]
    assert surfaces(suggester, "وقعت الاشتباكات في منطقة الاشتباكات", "PLACE") == []
    assert surfaces(suggester, "في منطقة سيطرة التنظيم", "PLACE") == []


def test_actor_beats_place_and_longest_wins(suggester: Suggester) -> None:
    text = "أعلنت قوات سوريا الديمقراطية ومجلس دير الزور العسكري السيطرة على هجين"
    assert found(suggester, text) == [
        ("ACTOR", "قوات سوريا الديمقراطية"),
        ("ACTOR", "مجلس دير الزور العسكري"),
        ("PLACE", "هجين"),
    ]
    text = "مقاتلون من كتائب حزب الله قرب القدس ولواء القدس"
    assert found(suggester, text) == [
        ("ACTOR", "كتائب حزب الله"),
        ("PLACE", "القدس"),
        ("ACTOR", "لواء القدس"),
    ]


def test_place_attributes_carry_a_geonames_id_where_known(suggester: Suggester) -> None:
    text = "قصف على حمص ودير الزور"
    places = [s.span for s in suggester.suggest(text)]
    assert [p.attrs.get("geonames_id") for p in places] == [169577, 170794]
    assert all(isinstance(p.attrs["place"], str) for p in places)
