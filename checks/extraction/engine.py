"""Turn recognised numbers, dates, quotes and attributions into claims."""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re

from . import lexicon as lx
from .claims import (
    ATTRIBUTION,
    COUNT,
    DATE,
    DURATION,
    MONEY,
    PERCENT,
    QUANTITY,
    QUOTE,
    ExtractedClaim,
)
from .dates import DATE_WORDS, find_dates
from .numbers import NUMBER_WORDS, NumberMatch, is_pronoun_one, scan_numbers
from .quotes import SpeakerResolver, find_attributions, find_quotes
from .scoring import line_factor, score, sourced
from .sentences import SentenceIndex
from .words import words_in

_VOCABULARY = DATE_WORDS | NUMBER_WORDS


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PERCENT_RE = re.compile(
    r"[ \t]*(?:%|per[ \t]?cents?\b|percent(?:s|age)?\b|pct\b)"
    r"(?P<points>(?:age)?[ \t]+points?\b)?",
    re.IGNORECASE,
)
_PERCENT_BEFORE_RE = re.compile(
    r"(?<![\w])(?:per[ \t]?cents?|percents?|percentage)[ \t]+of[ \t]+$", re.IGNORECASE
)
_SYMBOLS = _alt(lx.CURRENCY_SYMBOLS)
_CUR_BEFORE_RE = re.compile(rf"(?<![\w$])(?P<sym>{_SYMBOLS})[ \t]*$", re.IGNORECASE)
_ISO_BEFORE_RE = re.compile(rf"(?<![\w])(?P<iso>{_alt(lx.ISO_CODES)})[ \t]?$")
_CUR_AFTER_SYMBOL_RE = re.compile(r"[ \t]*(?P<sym>[€£¥₹₩₽₺₦₱₪₫₴₡₾₭฿₿元])")
_NAME_FORMS = {}
for _name, _code in lx.CURRENCY_NAMES.items():
    _NAME_FORMS[_name] = _name
    if _name not in (
        "pence",
        "reais",
        "kronor",
        "kroner",
        "yen",
        "yuan",
        "rmb",
        "renminbi",
        "naira",
        "rand",
        "sterling",
        "kuai",
    ):
        _NAME_FORMS[_name + ("es" if _name.endswith("s") else "s")] = _name
_NAME_FORMS.update({"pennies": "penny", "lire": "lira", "markkaa": "markka"})
_CUR_AFTER_RE = re.compile(
    rf"(?:[ \t]+|-)(?P<name>{_alt(_NAME_FORMS)})(?![\w])", re.IGNORECASE
)
_ISO_AFTER_RE = re.compile(rf"[ \t]*(?P<iso>{_alt(lx.ISO_CODES)})(?![\w])")
_CENTS_RE = re.compile(r"[ \t]*cents?\b", re.IGNORECASE)
_TAIL_GAP_RE = re.compile(r"[ \t]+(?:and[ \t]+)?", re.IGNORECASE)
_TIME_FORMS = {}
for _u, _name in lx.TIME_UNITS.items():
    _TIME_FORMS[_u] = _name
    if len(_u) > 2 and not _u.endswith("s"):
        _TIME_FORMS[_u + "s"] = _name
_TIME_FORMS.update({"centuries": "century", "millennia": "millennium"})
_SPACED_TIME = {k: v for k, v in _TIME_FORMS.items() if k not in ("s", "mo")}
_DURATION_RE = re.compile(
    rf"(?:[ \t]+|-)(?P<u>{_alt(_SPACED_TIME)})(?![\w])(?P<poss>['’])?", re.IGNORECASE
)
_QTY_FORMS = {}
for _u, _name in lx.QUANTITY_UNITS.items():
    _QTY_FORMS[_u] = _name
    if len(_u) > 2 and not _u.endswith((".", "s")) and _u[0].isalpha():
        _QTY_FORMS[_u + ("es" if _u.endswith("ch") else "s")] = _name
_QTY_FORMS.update({"stories": "storey", "storeys": "storey", "tons": "ton"})
_SPACED_QTY = {
    k: v
    for k, v in _QTY_FORMS.items()
    if len(k) > 1 and k not in ("in.", "ha", "floor", "floors", "t", "story")
}
_QUANTITY_RE = re.compile(
    rf"(?:[ \t]+|-)(?P<u>{_alt(_SPACED_QTY)})(?![\w])", re.IGNORECASE
)
_QUAL_RE = re.compile(rf"(?<![\w-])(?P<q>{_alt(lx.QUALIFIERS)})[ \t]+$", re.IGNORECASE)
_CLOCK_AFTER_RE = re.compile(
    r"(?::\d\d|[ \t]*(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b)|[ \t]*o['’]clock\b)",
    re.IGNORECASE,
)
_PHONE_RE = re.compile(
    r"(?<![\w.])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}[.-]\d{3,4}"
    r"[.-]\d{3,4}(?:/\d+)?(?![\w])|\+\d[\d -]{7,}\d|\(\d{3}\)[ ]?\d{3}[ .-]\d{4}"
)
_VAGUE_RE = re.compile(
    r"(?<![\w-])(?:(?P<tens>tens|hundreds)[ \t]+of[ \t]+)?(?P<scale>dozens|"
    r"hundreds|thousands|millions|billions|scores)[ \t]+of(?![\w])",
    re.IGNORECASE,
)
_VAGUE_VALUE = {
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
    "billions": 1_000_000_000,
}
_DUR_WORDS_RE = re.compile(
    r"(?<![\w-])(?P<q>(?:an?|one)[ \t]+half[ \t]+|half[ \t]+(?:an?[ \t]+)?|an?[ \t]+|"
    r"(?:a[ \t]+)?few[ \t]+|some[ \t]+|several[ \t]+|many[ \t]+|another[ \t]+|"
    r"all[- ]|full[- ]|a[ \t]+couple[ \t]+of[ \t]+)"
    r"(?P<u>business[ \t]+days?|seconds?|minutes?|hours?|days?|weeks?|fortnights?|"
    r"months?|years?|decades?|centur(?:y|ies))(?![\w-])"
    r"(?P<half>[ \t]+and[ \t]+(?:a[ \t]+)?half)?",
    re.IGNORECASE,
)
_RATE_BEFORE_RE = re.compile(
    r"(?:\d[\w%]*|million|billion|percent|cents?|dollars?|euros?|pounds?|"
    r"once|twice|times|share)[ \t]+$",
    re.IGNORECASE,
)
_RANGE_GAP_RE = re.compile(r"[ \t]*-?[ \t]*(?:-|–|—|to|and|or)[ \t]*$", re.IGNORECASE)
_RANGE_LEAD_RE = re.compile(r"(?<![\w])(?P<lead>between|from)[ \t]+$", re.IGNORECASE)
_SUBJECT_WORD_RE = re.compile(r"[ \t]+(?P<w>[A-Za-z][\w’'.-]*[\w’'])")
_OF_DET_RE = re.compile(
    r"[ \t]+of(?:[ \t]+(?:the|his|her|their|its|our|these|those))?(?=[ \t])",
    re.IGNORECASE,
)
_STOP = frozenset(
    """and or but nor yet of in on at to from for with by as than that which who
    whom whose were was is are be been being have has had will would could should
    may might must can do did does the a an their his her its our your my this
    these those there here then also not more less per each every into over under
    after before during since until while when where about across against along
    among around behind between beyond inside near off out through toward towards
    up down within without ago so if because according last next said says told
    reported including such like versus vs just only already still even ever now
    later earlier soon it they them he she we you i me us him both all some any
    no other another most least very too much many few several own same what why
    how whether whilst instead rather than almost nearly roughly approximately
    percent per cent times time times year years month months week weeks day
    days hour hours minute minutes lost died fled left won got made took went came
    fell rose saw held hit ran paid sold bought spent told gave kept""".split()
)
_YEAR_BEFORE_RE = re.compile(
    r"(?<![\w])(?:in|since|by|of|until|till|from|during|to|before|after|between|"
    r"and|year|early|late|mid|fiscal|the|summer|spring|autumn|fall|winter|circa|"
    r"c\.|through|january|february|march|april|may|june|july|august|september|"
    r"october|november|december)[ \t,-]*$",
    re.IGNORECASE,
)
_PLURAL_NOUN_RE = re.compile(r"[ \t]+(?P<w>[a-z][a-z’'-]*s)\b")
_NOT_PLURAL = frozenset("was has is as this its thus plus us yes his bus".split())
_PHONE_HINT_RE = re.compile(r"\d[.-]\d\d\d|\+\d|\(\d\d\d\)")
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"”]+", re.IGNORECASE)
_MONEY_SUFFIX_SCALES = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "b": 1_000_000_000,
    "bn": 1_000_000_000,
    "bln": 1_000_000_000,
    "tn": 1_000_000_000_000,
}
_ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")


class _Draft:
    __slots__ = (
        "kind",
        "start",
        "end",
        "value",
        "value_high",
        "unit",
        "subject",
        "qualifier",
        "speaker",
        "num",
        "scale",
    )

    def __init__(
        self,
        kind,
        start,
        end,
        value=None,
        unit=None,
        subject=None,
        qualifier=None,
        speaker=None,
        num=None,
        value_high=None,
        scale=1,
    ):
        self.kind = kind
        self.start = start
        self.end = end
        self.value = value
        self.value_high = value_high
        self.unit = unit
        self.subject = subject
        self.qualifier = qualifier
        self.speaker = speaker
        self.num = num
        self.scale = scale


def prev_word(text: str, pos: int) -> str:
    """Return the lower-cased word (or symbol run) just before ``pos``."""
    j = pos
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    k = j
    while k > 0 and j - k < 24 and not text[k - 1].isspace():
        k -= 1
    return text[k:j].lower()


_QUAL_LAST = frozenset(q.split()[-1] for q in lx.QUALIFIERS)
_SYMBOL_CHARS = frozenset(s[-1] for s in lx.CURRENCY_SYMBOLS)
_IDENT_WORDS = frozenset(
    """section sections sec. article articles art. chapter rule title clause
    paragraph para. subsection amendment room rm. suite apartment apt. flat unit
    no. nos. number nr. nrs. page pages p. pp. flight route highway interstate bus
    platform gate building district precinct ward item exhibit version level channel
    episode form bill resolution proposition prop. lot box code ticket jersey model
    figure fig. table volume vol. issue phase stage verse psalm category cat. zone
    studio hall block road street avenue ave. boeing airbus windows iphone ios
    python § §§ #""".split()
)


def _qualifier(text: str, start: int) -> str | None:
    if prev_word(text, start) not in _QUAL_LAST:
        return None
    m = _QUAL_RE.search(text, max(0, start - 40), start)
    return m.group("q").lower() if m else None


def _subject(text: str, pos: int, allow_of: bool) -> tuple[str | None, int]:
    """Read the noun phrase a number counts: "ISIS terrorists", "remaining buses"."""
    if pos < len(text) and text[pos] == "-":  # "the 40-vehicle convoy"
        m = re.compile(r"-(?P<w>[A-Za-z][a-z]+)\b").match(text, pos)
        if m and m.group("w").lower() not in _STOP:
            return m.group("w"), m.end()
        return None, pos
    start_pos = pos
    if allow_of:
        m = _OF_DET_RE.match(text, pos)
        if m:
            pos = m.end()
    words: list[str] = []
    end = pos
    p = pos
    while len(words) < 4:
        m = _SUBJECT_WORD_RE.match(text, p)
        if not m:
            break
        w = m.group("w")
        low = w.lower()
        if low in _STOP or low in lx.MONTHS or low in lx.WEEKDAYS:
            break
        if low.endswith(("ing", "ed")) and words:
            break
        if low.endswith(("ing", "ed")) and not words:
            nxt = _SUBJECT_WORD_RE.match(text, m.end())
            if nxt is None or nxt.group("w").lower() in _STOP:
                words.append(w)
                end = m.end()
                break
        if words and w[0].isupper() and words[-1][0].islower():
            break
        words.append(w)
        end = m.end()
        p = m.end()
    if not words:
        return None, start_pos
    return " ".join(words), end


def _scale_of(m: NumberMatch) -> float:
    if not m.scaled or not m.value:
        return 1
    return 10 ** (3 * math.floor(math.log10(abs(m.value)) / 3))


def _money(text: str, m: NumberMatch, nums_by_start: dict[int, NumberMatch]):
    """Return a money draft for ``m`` or None."""
    start, end = m.start, m.end
    code = None
    before = None
    if any(ch in _SYMBOL_CHARS for ch in text[max(0, start - 8) : start]):
        before = _CUR_BEFORE_RE.search(text, max(0, start - 8), start)
    if before:
        sym = re.sub(r"[ \t]+", " ", before.group("sym").lower())
        code = lx.CURRENCY_SYMBOLS.get(sym) or lx.CURRENCY_SYMBOLS.get(
            sym.replace(" ", "")
        )
        start = before.start()
    else:
        iso = None
        if start >= 4 and text[start - 4 : start].strip().isupper():
            iso = _ISO_BEFORE_RE.search(text, max(0, start - 5), start)
        if iso:
            code = "CNY" if iso.group("iso") == "RMB" else iso.group("iso")
            start = iso.start()
    value = m.value
    after = None
    if code is None:
        a = _CUR_AFTER_SYMBOL_RE.match(text, end)
        if a and a.group("sym") != "$":
            code = lx.CURRENCY_SYMBOLS[a.group("sym")]
            end = a.end()
    if code is None or code == "USD":
        after = _CUR_AFTER_RE.match(text, end)
        if after:
            form = _NAME_FORMS[after.group("name").lower()]
            if (
                form == "pound"
                and code is None
                and not m.scaled
                and not re.match(r"[ \t]+sterling", text[after.end() :])
            ):
                return None  # "20 pounds" of weight
            if code is None or form == "dollar" or form.endswith(" dollar"):
                code = (
                    lx.CURRENCY_NAMES[form]
                    if code is None or form != "dollar"
                    else code
                )
                if form in lx.MINOR_UNITS:
                    value = m.value / 100
                end = after.end()
        elif code is None:
            iso = _ISO_AFTER_RE.match(text, end)
            if iso:
                code = "CNY" if iso.group("iso") == "RMB" else iso.group("iso")
                end = iso.end()
    if code is None:
        return None
    # "3 dollars 50 cents", "thirteen dollars and forty-five cents", "c$ 100 and fifty"
    if (
        not m.scaled
        and isinstance(m.value, int)
        and code in ("USD", "CAD", "AUD", "HKD", "NZD", "SGD")
    ):
        gap = _TAIL_GAP_RE.match(text, end)
        if gap:
            tail = nums_by_start.get(gap.end())
            if tail and isinstance(tail.value, int) and 0 < tail.value < 100:
                cents = _CENTS_RE.match(text, tail.end)
                if cents:
                    value = m.value + tail.value / 100
                    end = cents.end()
                elif tail.words and re.match(
                    r"[ \t]*(?:[.,;!?)]|and\b|$)", text[tail.end :]
                ):
                    value = m.value + tail.value / 100
                    end = tail.end
    return _Draft(MONEY, start, end, _round(value), code, num=m, scale=_scale_of(m))


def _round(v):
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e18:
            return int(v)
        return round(v, 10)
    return v


def _classify(text: str, m: NumberMatch, nums_by_start) -> _Draft | None:
    """Decide what a number is: money, percent, duration, quantity, date, count."""
    if m.suffix and m.suffix.lower() in _MONEY_SUFFIX_SCALES:
        before = _CUR_BEFORE_RE.search(text, max(0, m.start - 8), m.start)
        if before:  # "£2.1m", "$5bn"
            scale = _MONEY_SUFFIX_SCALES[m.suffix.lower()]
            sym = re.sub(r"[ \t]+", " ", before.group("sym").lower())
            code = lx.CURRENCY_SYMBOLS.get(sym) or lx.CURRENCY_SYMBOLS.get(
                sym.replace(" ", "")
            )
            value = _round(m.value * scale)
            end = m.end + len(m.suffix)
            return _Draft(MONEY, before.start(), end, value, code, num=m, scale=scale)
    if m.suffix:
        low = m.suffix.lower()
        if low in _ORDINAL_SUFFIXES or low in ("am", "pm", "s"):
            return None
        if low in _TIME_FORMS and m.suffix not in ("s", "mo"):
            return _Draft(DURATION, m.start, m.end, m.value, _TIME_FORMS[low], num=m)
        unit = _QTY_FORMS.get(m.suffix) or _QTY_FORMS.get(low)
        if unit:
            return _Draft(QUANTITY, m.start, m.end, m.value, unit, num=m)
        return None
    pb = None
    if prev_word(text, m.start) == "of":
        pb = _PERCENT_BEFORE_RE.search(text, max(0, m.start - 20), m.start)
    if pb:
        return _Draft(PERCENT, pb.start(), m.end, m.value, "%", num=m)
    p = _PERCENT_RE.match(text, m.end)
    if p:
        unit = "percentage point" if p.group("points") else "%"
        return _Draft(PERCENT, m.start, p.end(), m.value, unit, num=m)
    money = _money(text, m, nums_by_start)
    if money:
        return money
    d = _DURATION_RE.match(text, m.end)
    if d:
        unit = _SPACED_TIME[d.group("u").lower()]
        return _Draft(DURATION, m.start, d.end(), m.value, unit, num=m)
    q = _QUANTITY_RE.match(text, m.end)
    if q:
        unit = _SPACED_QTY[q.group("u").lower()]
        return _Draft(QUANTITY, m.start, q.end(), m.value, unit, num=m)
    if m.digits and len(m.digits) == 4 and 1000 <= m.value <= 2100:
        plural = _PLURAL_NOUN_RE.match(text, m.end)
        is_count = plural and plural.group("w").lower() not in _NOT_PLURAL
        if not is_count and not _qualifier(text, m.start):
            if _YEAR_BEFORE_RE.search(text, max(0, m.start - 14), m.start) or (
                not plural
            ):
                return _Draft(DATE, m.start, m.end, str(m.value), num=m)
    subject, end = _subject(text, m.end, allow_of=True)
    if subject is None and m.fraction:
        return None
    if subject is None and m.words and abs(m.value) < 100:
        return None  # "the two", "one": a number word alone is rarely a claim
    return _Draft(
        COUNT, m.start, end, m.value, subject=subject, num=m, scale=_scale_of(m)
    )


def _excluded(text: str, m: NumberMatch, phone_spans) -> bool:
    """Ordinals, clock times, phone numbers, statute sections, room numbers."""
    if _CLOCK_AFTER_RE.match(text, m.end):
        return True
    if (
        m.start >= 1
        and text[m.start - 1] == ":"
        and m.start >= 2
        and text[m.start - 2].isdigit()
    ):
        return True
    before = prev_word(text, m.start)
    if before == "at" and re.fullmatch(r"\d{1,2}[.:]\d\d", text[m.start : m.end]):
        return True
    if before in _IDENT_WORDS or before[-1:] in ("#", "§"):
        return True
    if m.start >= 2 and text[m.start - 1] == "-" and text[m.start - 2].isalpha():
        return True  # "SCP-173", "COVID-19"
    if is_pronoun_one(text, m):
        return True
    i = bisect.bisect_right(phone_spans, (m.start, float("inf"))) - 1
    return i >= 0 and phone_spans[i][0] <= m.start < phone_spans[i][1]


def _overlaps(intervals: list[tuple[int, int]], s: int, e: int) -> bool:
    i = bisect.bisect_left(intervals, (e, -1))
    for j in range(max(0, i - 2), min(len(intervals), i + 1)):
        a, b = intervals[j]
        if a < e and s < b:
            return True
    return False


def _merge_ranges(text: str, drafts: list[_Draft]) -> list[_Draft]:
    out: list[_Draft] = []
    for d in drafts:
        if out and d.kind in (COUNT, MONEY, PERCENT, QUANTITY, DURATION):
            a = out[-1]
            gap = (
                text[a.num.end if a.kind == COUNT else a.end : d.start] if a.num else ""
            )
            if (
                a.num is not None
                and d.num is not None
                and a.value_high is None
                and a.kind in (COUNT, d.kind)
                and (a.kind == d.kind or a.subject is None)
                and (a.unit is None or a.unit == d.unit)
                and gap
                and len(gap) < 8
                and _RANGE_GAP_RE.fullmatch(gap)
                and isinstance(a.value, (int, float))
                and isinstance(d.value, (int, float))
                and a.value < d.value
            ):
                lead = _RANGE_LEAD_RE.search(text, max(0, a.start - 10), a.start)
                if "and" in gap.lower() and not (
                    lead and lead.group("lead").lower() == "between"
                ):
                    out.append(d)
                    continue
                low = a.value
                if (
                    d.scale > 1
                    and a.scale == 1
                    and isinstance(low, (int, float))
                    and (low * d.scale <= d.value)
                ):
                    low = _round(low * d.scale)
                start = lead.start() if lead else a.start
                out[-1] = _Draft(
                    d.kind,
                    start,
                    d.end,
                    low,
                    d.unit,
                    d.subject,
                    a.qualifier or d.qualifier,
                    num=a.num,
                    value_high=d.value,
                    scale=d.scale,
                )
                continue
        out.append(d)
    return out


def extract_claims(
    text: str, *, published: dt.date | None = None
) -> list[ExtractedClaim]:
    """Return the checkable claims in ``text``, sorted by ``start``.

    Numbers become counts, money, percentages, quantities or durations by what
    surrounds them; years and relative dates become dates (resolved against
    ``published`` when given); direct quotes carry their speaker; "according to"
    and "X told reporters" become attributions. See :mod:`.scoring` for the
    checkworthiness of each.
    """
    if not text or not text.strip():
        return []
    sentences = SentenceIndex(text)
    resolver = SpeakerResolver(text)
    quotes = find_quotes(text, resolver)
    attributions = find_attributions(text, resolver, quotes)
    urls = [m.span() for m in _URL_RE.finditer(text)]
    words = words_in(text, _VOCABULARY)
    dates = [
        d
        for d in find_dates(text, published, words)
        if not _overlaps(urls, d.start, d.end)
    ]
    drafts: list[_Draft] = [_Draft(DATE, d.start, d.end, d.value) for d in dates]
    blocked = sorted([(d.start, d.end) for d in dates] + urls)
    phone_spans = []
    if _PHONE_HINT_RE.search(text):
        phone_spans = sorted(m.span() for m in _PHONE_RE.finditer(text))
    numbers = scan_numbers(text, words=words)
    nums_by_start = {m.start: m for m in numbers}
    numeric: list[_Draft] = []
    consumed_until = -1
    for m in numbers:
        if m.start < consumed_until:
            continue
        if _overlaps(blocked, m.start, m.end) or _excluded(text, m, phone_spans):
            continue
        d = _classify(text, m, nums_by_start)
        if d is None:
            continue
        d.qualifier = _qualifier(text, d.start)
        if d.kind == COUNT and d.num is not None and d.num.end < d.end:
            # a subject must not swallow a following number's claim
            pass
        numeric.append(d)
        consumed_until = d.end if d.kind == MONEY else m.end
    for m in _VAGUE_RE.finditer(text):
        if _overlaps(blocked, m.start(), m.end()):
            continue
        value = _VAGUE_VALUE[m.group("scale").lower()]
        if m.group("tens"):
            value *= 10 if m.group("tens").lower() == "tens" else 100
        subject, end = _subject(text, m.end(), allow_of=False)
        numeric.append(
            _Draft(
                COUNT,
                m.start(),
                end if subject else m.end(),
                value,
                subject=subject,
                qualifier=m.group().lower(),
            )
        )
    numeric.sort(key=lambda d: (d.start, d.end))
    numeric = _merge_ranges(text, numeric)
    taken = sorted((d.start, d.end) for d in numeric)
    for m in _DUR_WORDS_RE.finditer(text):
        s, e = m.span()
        if _overlaps(blocked, s, e) or _overlaps(taken, s, e):
            continue
        if _RATE_BEFORE_RE.search(text, max(0, s - 12), s):
            continue
        q = m.group("q").strip(" \t-").lower()
        if q in ("a", "an") and m.group("u").lower() == "second":
            continue  # "a second" is nearly always the ordinal
        unit = _TIME_FORMS[re.sub(r"^business\s+", "", m.group("u").lower())]
        if q in ("a", "an", "one", "another", "all", "full"):
            value = 1
        elif "half" in q:
            value = 0.5
        else:
            value = None
        if m.group("half") and value is not None:
            value += 0.5
        numeric.append(
            _Draft(DURATION, s, e, value, unit, qualifier=q if value is None else None)
        )
    drafts.extend(numeric)
    for q in quotes:
        drafts.append(_Draft(QUOTE, q.start, q.end, q.value, speaker=q.speaker))
    for a in attributions:
        src = re.sub(r"\s+", " ", a.source)
        drafts.append(_Draft(ATTRIBUTION, a.start, a.end, src, speaker=src))
    claims = []
    sourced_by_span: dict[tuple[int, int], bool] = {}
    weight_by_line: dict[tuple[int, int], float] = {}
    for d in drafts:
        ss, se = sentences.enclosing(d.start, d.end)
        line_span = sentences.line_of(d.start)
        if (ss, se) not in sourced_by_span:
            sourced_by_span[ss, se] = sourced(text[ss:se])
        if line_span not in weight_by_line:
            weight_by_line[line_span] = line_factor(text[line_span[0] : line_span[1]])
        value = d.value
        claims.append(
            ExtractedClaim(
                kind=d.kind,
                start=d.start,
                end=d.end,
                text=text[d.start : d.end],
                value=value,
                value_high=d.value_high,
                unit=d.unit,
                subject=d.subject,
                qualifier=d.qualifier,
                speaker=d.speaker,
                sentence_start=ss,
                sentence_end=se,
                checkworthiness=score(
                    d.kind,
                    value=value,
                    subject=d.subject,
                    qualifier=d.qualifier,
                    speaker=d.speaker,
                    quote_words=len(value.split()) if d.kind == QUOTE else 0,
                    sourced=sourced_by_span[ss, se],
                    line_weight=weight_by_line[line_span],
                ),
            )
        )
    claims.sort(key=lambda c: (c.start, c.end, c.kind, c.text))
    return claims
