"""A seeded, repeatable corpus of synthetic Arabic conflict-news articles for scale tests.

Articles mix lengths (a paragraph to ~50 KB), actors with and without head words and quotation
marks, places with type words and clitics, casualty numbers as digits, Eastern Arabic digits,
number words and dual nouns, numbers that are not casualties, site boilerplate and reader
comments, and now and then diacritics, tatweel or an emoji. About 1% are exact republications
of an earlier article. The same ``--seed`` gives the same bytes.

Run from the repository root:

    python -m bench.corpus --n 1000 --out bench/out/corpus --seed 1 [--format txt|jsonl|both]
        [--per-file 1000] [--spans] [--clean]

``txt`` writes ``NNN/NNNNNN.txt`` (1,000 files a folder; 3% with CRLF line ends, 2% with a UTF-8
BOM, 1% in Windows-1256: the stored text is the same); ``jsonl`` writes ``part-NNNN.jsonl``
(``--spans`` adds the planted spans in the codebook's gold format). ``.manifest.json`` records
the counts (a hidden file, so importing the folder skips it).
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VERSION = "1"
DUPLICATE_SHARE = 0.01

# (surface as the span, actor id, head words that may precede it outside the span)
ACTORS: list[tuple[str, str, tuple[str, ...]]] = [
    ("داعش", "ISIS", ("تنظيم", "عناصر", "مسلحي")),
    ("تنظيم الدولة", "ISIS", ()),
    ("تنظيم الدولة الإسلامية", "ISIS", ()),
    ("قسد", "SDF", ("ميليشيا", "قوات", "مقاتلي")),
    ("قوات سوريا الديمقراطية", "SDF", ()),
    ("وحدات حماية الشعب الكردية", "YPG", ()),
    ("الوحدات الكردية", "YPG", ()),
    ("قوات النظام", "SYRIAN_GOVERNMENT", ()),
    ("قوات الأسد", "SYRIAN_GOVERNMENT", ()),
    ("الجيش السوري", "SYRIAN_GOVERNMENT", ()),
    ("جيش الإسلام", "JAYSH_AL_ISLAM", ("مقاتلي",)),
    ("التحالف الدولي", "COALITION", ("طيران", "طائرات", "قوات")),
    ("المجلس العسكري السرياني", "SYRIAC_MILITARY_COUNCIL", ()),
    ("حرس الخابور", "KHABOUR_GUARDS", ("قوات",)),
    ("هيئة تحرير الشام", "HTS", ("عناصر",)),
    ("جبهة النصرة", "HTS", ()),
    ("الجيش الحر", "FSA", ("فصائل",)),
    ("القوات العراقية", "IRAQI_FORCES", ()),
    ("البشمركة", "PESHMERGA", ("قوات",)),
    ("الحشد الشعبي", "PMF", ("ميليشيا", "قوات")),
    ("الجيش التركي", "TURKISH_FORCES", ()),
    ("القوات الروسية", "RUSSIAN_FORCES", ()),
    ("حزب الله", "HEZBOLLAH", ("ميليشيا", "عناصر")),
]
PLACES = [
    "الرقة",
    "دير الزور",
    "الحسكة",
    "حلب",
    "إدلب",
    "حمص",
    "حماة",
    "دمشق",
    "درعا",
    "القامشلي",
    "تل تمر",
    "الباغوز",
    "منبج",
    "الموصل",
    "الفلوجة",
    "الرمادي",
    "تكريت",
    "كركوك",
    "سنجار",
    "تدمر",
    "البوكمال",
    "الميادين",
    "جرابلس",
    "عفرين",
    "كوباني",
    "هجين",
    "الشحيل",
    "الطبقة",
    "سراقب",
    "الأنبار",
    "ديالى",
    "السوسة",
    "القريتين",
    "الضمير",
    "دوما",
    "خان شيخون",
    "الغوطة الشرقية",
    "القلمون الشرقي",
    "البادية السورية",
]
PLACE_TYPES = ("مدينة", "بلدة", "قرية", "محافظة", "منطقة", "ريف", "حي", "مخيم")
PLACE_LEADS = ("في", "قرب", "على أطراف", "شرقي", "جنوب", "شمال غربي", "داخل")
UNITS = ("", "", "", "", "عشر", "عشرين", "ثلاثين", "أربعين", "خمسين")
NUMBER_WORDS = {
    3: "ثلاثة",
    4: "أربعة",
    5: "خمسة",
    6: "ستة",
    7: "سبعة",
    8: "ثمانية",
    9: "تسعة",
    10: "عشرة",
    11: "أحد عشر",
    12: "اثنا عشر",
    13: "ثلاثة عشر",
    15: "خمسة عشر",
    20: "عشرين",
    25: "خمسة وعشرين",
    30: "ثلاثين",
    45: "خمسةُ وأربعين",
    100: "مئة",
}
DUALS = ("ضابطان", "عنصران", "جنديان")
KINDS = {
    "killed": ("قُتل", "لقي", "سقط", "مقتل"),
    "wounded": ("أصيب", "جُرح", "إصابة"),
    "captured": ("أسر", "اعتقال", "أُلقي القبض على"),
    "missing": ("فقدان", "خطف", "اختطاف"),
}
QUALIFIERS = {
    "at_least": ("على الأقل", "ما لا يقل عن", "أكثر من"),
    "approx": ("نحو", "قرابة", "حوالي"),
}
NOUNS = ("عنصراً", "مقاتلاً", "شخصاً", "جندياً", "مسلحاً")
CIVILIAN_NOUNS = ("مدنياً", "طفلاً", "امرأة", "مدنيين")
MONITORS = ("المرصد السوري لحقوق الإنسان", "وكالة أعماق", "مصادر محلية", "ناشطون", "شبكة شام")
AGENCIES = ("إرم", "الأناضول", "فرانس برس", "رويترز", "سمارت")
MONTHS = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول")
FILLER = (
    "وتأتي هذه التطورات في ظل تصعيد عسكري تشهده المنطقة منذ أسابيع",
    "ولم يصدر أي تعليق رسمي حتى ساعة إعداد هذا الخبر",
    "وأكد {monitor} أن الاشتباكات لا تزال مستمرة حتى الآن",
    "وتحدثت {monitor} عن حركة نزوح واسعة للأهالي باتجاه المناطق المجاورة",
    "وقال مصدر عسكري إن العمليات ستستمر حتى استعادة كامل المنطقة",
    "ويعاني السكان من نقص حاد في المواد الغذائية والأدوية بسبب الحصار",
    "وأشار التقرير إلى تدمير {vehicles} آليات عسكرية خلال المعارك التي استمرت {days} أيام",
    "وكان رجل يبلغ من العمر {age} عاماً قد تحدث عن الأوضاع الإنسانية الصعبة",
    "وجرى تسليم {handed} موقوفين ضمن صفقة تبادل بين الطرفين في {day} {month} {year}",
    "وتعود جذور النزاع في المنطقة إلى عام {year} عندما اندلعت المواجهات الأولى",
)
TAIL_MARKERS = (
    "مقالات ذات صلة",
    "اقرأ أيضاً",
    "التعليقات المنشورة لا تعبر عن رأي الموقع",
    "شارك هذا:",
)
COMMENTS = (
    "الله يرحم الشهداء",
    "متى تنتهي هذه الحرب",
    "حسبنا الله ونعم الوكيل 😢",
    "خبر غير دقيق، المصدر غير موثوق",
    "كل الأطراف مسؤولة عن هذه المأساة",
)
EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass
class Generated:
    """One synthetic article: its stored text, planted spans (gold format) and origin."""

    index: int
    text: str
    spans: list[dict[str, Any]] = field(default_factory=list)
    duplicate_of: int | None = None

    @property
    def source(self) -> str:
        return f"gen-{self.index:06d}"


class _Builder:
    """Appends text pieces, recording planted spans at code-point offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[dict[str, Any]] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def mark(self, text: str, label: str, **attrs: Any) -> None:
        span = {"start": self.length, "end": self.length + len(text), "label": label, "text": text}
        self.spans.append({**span, **attrs})
        self.add(text)

    def text(self) -> str:
        return "".join(self.parts)


def _actor(b: _Builder, rng: random.Random, quoted: bool = True) -> str:
    surface, actor_id, heads = rng.choice(ACTORS)
    if heads and rng.random() < 0.6:
        b.add(rng.choice(heads) + " ")
    q = rng.choice((("”", "“"), ("«", "»"), ('"', '"'))) if quoted and rng.random() < 0.2 else None
    if q:
        b.add(q[0])
    b.mark(surface, "ACTOR", actor=actor_id)
    if q:
        b.add(q[1])
    return actor_id


def _place(b: _Builder, rng: random.Random) -> None:
    lead = rng.choice(PLACE_LEADS)
    kind = rng.choice(PLACE_TYPES)
    if rng.random() < 0.25:
        b.add(f"{lead} {kind} ")
    elif rng.random() < 0.3:
        b.add("ب" + kind + " ")  # a clitic on the type word
    else:
        b.add(lead + " ")
    b.mark(rng.choice(PLACES), "PLACE")
    if kind == "ريف" and rng.random() < 0.3:
        b.add(rng.choice((" الشرقي", " الغربي", " الشمالي")))


def _count(rng: random.Random) -> tuple[str, int | None]:
    """A casualty number as written, and its value (None when vague)."""
    roll = rng.random()
    if roll < 0.45:
        n = rng.choice((rng.randint(1, 30), rng.randint(1, 200), rng.randint(100, 1500)))
        return str(n), n
    if roll < 0.55:
        n = rng.randint(2, 99)
        return str(n).translate(EASTERN), n
    if roll < 0.9:
        n = rng.choice(sorted(NUMBER_WORDS))
        return NUMBER_WORDS[n], n
    return rng.choice(("عشرات", "مئات")), None


def _casualty_sentence(b: _Builder, rng: random.Random) -> None:
    kind = rng.choice(("killed", "killed", "killed", "wounded", "captured", "missing"))
    b.add(rng.choice(KINDS[kind]) + " ")
    qualifier = "exact"
    if rng.random() < 0.3:
        qualifier = rng.choice(sorted(QUALIFIERS))
        b.add(rng.choice(QUALIFIERS[qualifier]) + " ")
    if rng.random() < 0.08:
        dual = rng.choice(DUALS)
        b.mark(dual, "CASUALTY", count=2, kind=kind, qualifier=qualifier, victim=None)
        b.add(" من ")
        _actor(b, rng)
    else:
        written, value = _count(rng)
        civilians = rng.random() < 0.35
        span_attrs = {
            "count": value,
            "kind": kind,
            "qualifier": "vague" if value is None else qualifier,
        }
        if civilians:
            b.mark(written, "CASUALTY", **span_attrs, victim="CIVILIANS")
            b.add(" " + rng.choice(CIVILIAN_NOUNS))
        else:
            start = len(b.spans)
            b.mark(written, "CASUALTY", **span_attrs, victim=None)
            b.add(" " + rng.choice(NOUNS) + " من ")
            b.spans[start]["victim"] = _actor(b, rng)
    if rng.random() < 0.5:
        b.add(" في قصف ")
        if rng.random() < 0.5:
            b.add("لـ")
            _actor(b, rng, quoted=False)
            b.add(" ")
    else:
        b.add(" خلال اشتباكات ")
    _place(b, rng)


def _filler(b: _Builder, rng: random.Random) -> None:
    text = rng.choice(FILLER)
    if rng.random() < 0.05:
        text = text.replace("الاشتباكات", "الاشتبـــاكات")  # tatweel, as some sites write
    b.add(
        text.format(
            monitor=rng.choice(MONITORS),
            vehicles=rng.randint(2, 40),
            days=rng.randint(2, 10),
            age=rng.randint(18, 80),
            handed=rng.randint(3, 60),
            day=rng.randint(1, 28),
            month=rng.choice(MONTHS),
            year=rng.randint(2011, 2019),
        )
    )


def _sentence(b: _Builder, rng: random.Random) -> None:
    roll = rng.random()
    if roll < 0.35:
        _casualty_sentence(b, rng)
    elif roll < 0.6:
        b.add(rng.choice(("وسيطرت ", "وتقدمت ", "وانسحبت ")))
        _actor(b, rng)
        b.add(" على مواقع ")
        _place(b, rng)
        b.add(" بعد معارك مع ")
        _actor(b, rng)
    else:
        _filler(b, rng)
    b.add(rng.choice(("، ", ". ", ". ", ". ")) if rng.random() < 0.3 else ". ")


def _paragraphs(rng: random.Random) -> int:
    """Mixed lengths: mostly 1-4 KB, some short notes, some long reports, a few very long."""
    roll = rng.random()
    if roll < 0.2:
        return rng.randint(1, 2)
    if roll < 0.85:
        return rng.randint(2, 6)
    if roll < 0.99:
        return rng.randint(7, 20)
    return rng.randint(40, 80)


def _title(b: _Builder, rng: random.Random) -> None:
    if rng.random() < 0.5:
        _casualty_sentence(b, rng)
    else:
        _actor(b, rng)
        b.add(rng.choice((" يسيطر على ", " يتقدم ", " يستهدف مواقع ")))
        _place(b, rng)


def _tail(b: _Builder, rng: random.Random) -> None:
    if rng.random() < 0.4:
        return
    b.add("\n\n" + rng.choice(TAIL_MARKERS) + "\n")
    if rng.random() < 0.5:
        b.add("[ads3]\n")
    for i in range(rng.randint(0, 5)):
        b.add(f"\n{i + 1}. {rng.choice(COMMENTS)}")
    b.add("\n")


def article(seed: int, index: int) -> Generated:
    """Article ``index`` of the corpus made with ``seed`` (independent of every other one)."""
    rng = random.Random(seed * 1_000_003 + index)
    if index and rng.random() < DUPLICATE_SHARE:
        original = article(seed, rng.randrange(index))
        return Generated(
            index, original.text, original.spans, original.duplicate_of or original.index
        )
    b = _Builder()
    _title(b, rng)
    b.add("\n\n")
    b.add(f"المصدر: {rng.choice(('دمشق', 'بيروت', 'أنقرة', 'بغداد'))} – {rng.choice(AGENCIES)}\n\n")
    for p in range(_paragraphs(rng)):
        for _ in range(rng.randint(1, 4)):
            _sentence(b, rng)
        if p == 0 and rng.random() < 0.02:
            b.add("📷 ")
        b.add("\n\n")
    _tail(b, rng)
    return Generated(index, b.text(), b.spans)


def generate(n: int, seed: int) -> Iterator[Generated]:
    """Articles 0..n-1 of the corpus made with ``seed``."""
    for i in range(n):
        yield article(seed, i)


def _raw_bytes(text: str, rng: random.Random) -> bytes:
    """The file bytes of a .txt article: mostly UTF-8, some CRLF, BOM or Windows-1256."""
    roll = rng.random()
    if roll < 0.03:
        return text.replace("\n", "\r\n").encode("utf-8")
    if roll < 0.05:
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if roll < 0.06:
        try:
            return text.encode("cp1256")
        except UnicodeEncodeError:
            pass
    return text.encode("utf-8")


@dataclass
class Manifest:
    """What was written: counts that a scale run checks against."""

    n: int
    seed: int
    format: str
    unique: int
    files: int
    bytes: int
    version: str = VERSION


def write_corpus(
    out: Path,
    n: int,
    seed: int,
    fmt: str = "txt",
    *,
    per_file: int = 1000,
    spans: bool = False,
    clean: bool = False,
) -> Manifest:
    """Write ``n`` articles under ``out`` as .txt files, .jsonl parts or both; returns the manifest.

    ``clean`` writes every .txt file as plain UTF-8 with ``\\n`` line ends.
    """
    if fmt not in ("txt", "jsonl", "both"):
        raise ValueError(f"unknown format {fmt!r}")
    out.mkdir(parents=True, exist_ok=True)
    txt_root = out / "txt" if fmt == "both" else out
    jsonl_root = out / "jsonl" if fmt == "both" else out
    unique = files = size = 0
    part: list[str] = []
    for art in generate(n, seed):
        unique += art.duplicate_of is None
        if fmt in ("txt", "both"):
            path = txt_root / f"{art.index // 1000:03d}" / f"{art.index:06d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            rng = random.Random(seed * 7919 + art.index)
            data = art.text.encode("utf-8") if clean else _raw_bytes(art.text, rng)
            path.write_bytes(data)
            files += 1
            size += len(data)
        if fmt in ("jsonl", "both"):
            line: dict[str, Any] = {"source": art.source, "text": art.text}
            if spans:
                line["spans"] = art.spans
            part.append(json.dumps(line, ensure_ascii=False))
            if len(part) == per_file or art.index == n - 1:
                data = ("\n".join(part) + "\n").encode("utf-8")
                jsonl_root.mkdir(parents=True, exist_ok=True)
                (jsonl_root / f"part-{art.index // per_file:04d}.jsonl").write_bytes(data)
                files += 1
                size += len(data)
                part = []
    manifest = Manifest(n, seed, fmt, unique, files, size)
    (out / ".manifest.json").write_text(json.dumps(manifest.__dict__, indent=2), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, required=True, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", dest="fmt", choices=("txt", "jsonl", "both"), default="txt")
    parser.add_argument("--per-file", type=int, default=1000, help="articles per .jsonl file")
    parser.add_argument("--spans", action="store_true", help="planted spans in .jsonl lines")
    parser.add_argument("--clean", action="store_true", help="plain UTF-8 .txt files only")
    args = parser.parse_args(argv)
    manifest = write_corpus(
        args.out,
        args.n,
        args.seed,
        args.fmt,
        per_file=args.per_file,
        spans=args.spans,
        clean=args.clean,
    )
    print(json.dumps(manifest.__dict__))


if __name__ == "__main__":
    main()
