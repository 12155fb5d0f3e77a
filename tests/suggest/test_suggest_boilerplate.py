"""Where an article's body ends."""

from __future__ import annotations

import pytest

from annotator.suggest import Suggester

BODY = "عنوان الخبر\n\nقال المرصد إن الاشتباكات تجددت في دير الزور.\n\nوأضاف أن القصف استمر.\n"


@pytest.mark.parametrize(
    "tail",
    [
        "مقالات ذات صلة\n\nقسد تعلن السيطرة على الرقة\n",
        "التعليقات المنشورة لا تعبر عن رأي الموقع\n\n2 تعليقات\n\n  1. داعش في حمص\n",
        "اقرأ أيضاً: داعش يهاجم حمص\n",
        "للتصحيح أو إبداء أي ملاحظات desk (at) example.com\n",
        "المصدر: \nالسورية.نت\n",
        "زر الذهاب إلى الأعلى\n",
    ],
)
def test_page_furniture_ends_the_body(suggester: Suggester, tail: str) -> None:
    text = BODY + "\n" + tail
    assert suggester.body_end_of(text) == len(BODY) + 1
    assert all(s.span.end <= len(BODY) for s in suggester.suggest(text))


def test_inline_ad_marker_ends_the_body_mid_line(suggester: Suggester) -> None:
    text = "خبر عن حمص.[ads3]\n\nتعليق عن حلب"
    assert suggester.body_end_of(text) == text.index("[ads3]")


def test_a_dateline_source_near_the_top_is_body(suggester: Suggester) -> None:
    text = (
        "عنوان\n\nالمصدر: دمشق – إرم\n\nنص طويل عن الحسكة.\n\nفقرة ثانية.\n\nفقرة ثالثة.\n\nختام."
    )
    assert suggester.body_end_of(text) == len(text)
    places = [text[s.span.start : s.span.end] for s in suggester.suggest(text)]
    assert places == ["دمشق", "الحسكة"]


def test_a_numbered_list_early_in_the_article_is_body(suggester: Suggester) -> None:
    text = "عنوان\n\nأبرز النقاط:\n1. قصف على حمص\n2. اشتباكات في حلب\n" + "نص الخبر. " * 40
    assert suggester.body_end_of(text) == len(text)
