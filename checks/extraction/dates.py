"""Recognise dates: absolute ("August 28, 2017"), numeric, and relative ones.

Every pattern is a compiled regex; values are resolved by a small month-name
parser, and relative dates against ``published`` when it is given. ``dateparser``
is imported lazily, only for a matched relative span this parser cannot resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import lexicon as lx
from .words import Word, words_in


@dataclass(slots=True)
class DateMatch:
    start: int
    end: int
    value: str | None
    relative: bool = False


_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"  # noqa: E501
_WD = r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"  # noqa: E501
_WD_FULL = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|thurs)s?"
_ORD_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_ORDW = (
    r"(?:(?:twenty|thirty)[-\s](?:" + _ORD_UNITS + r")|twentieth|thirtieth|"
    r"tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
    r"seventeenth|eighteenth|nineteenth|" + _ORD_UNITS + ")"
)
_CARDW = (
    r"(?:(?:twenty|thirty)[-\s](?:one|two|three|four|five|six|seven|eight|nine)|"
    r"twenty|thirty|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine)"
)
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DAY = r"(?:" + _DAYNUM + r"|" + _ORDW + r"|" + _CARDW + r")"
_YEAR = r"(?:1[5-9]\d\d|20\d\d|[1-9]\d{2,3}(?=\s*(?:AD|BC|CE|BCE)\b))"
_SEP = r"[ \t]*"

_PATTERNS = [
    # weekday? month day (of)? year?   "Monday January 12th, 2016", "May the eleventh"
    (
        "mdy",
        rf"(?:(?P<wd1>{_WD})\.?,?{_SEP}(?:the{_SEP})?)?(?P<m1>{_MON})\.?,?{_SEP}"
        rf"(?:the{_SEP})?(?P<d1>{_DAY})(?![\w:])(?:,?{_SEP}(?:of{_SEP})?(?P<y1>{_YEAR})\b)?",
    ),
    # weekday? day (of)? month year?   "15 June 2016", "fourth of May", "16. nov. 2016"
    (
        "dmy",
        rf"(?:(?P<wd2>{_WD})\.?,?{_SEP})?(?:the{_SEP})?(?P<d2>{_DAY})\.?{_SEP}"
        rf"(?:of{_SEP})?(?P<m2>{_MON})\b\.?(?:,?{_SEP}(?:of{_SEP})?(?P<y2>{_YEAR})\b)?",
    ),
    # month year   "August 2017"
    ("my", rf"(?P<m3>{_MON})\.?,?{_SEP}(?:of{_SEP})?(?P<y3>{_YEAR})\b"),
    # ISO-ish and numeric   "2015/08/12", "2019-sep-1", "02/22/2016", "13.5.2015"
    (
        "ymd",
        rf"(?P<y4>{_YEAR})[-/.](?P<m4>\d{{1,2}}|{_MON})[-/.](?P<d4>\d{{1,2}})(?!\d)",
    ),
    ("num", r"(?P<a5>\d{1,2})[/.-](?P<b5>\d{1,2})[/.,-](?P<y5>\d{4}|\d{2})(?![\d/])"),
    # month-day glued   "jan-1", "jan/1", "1-jan", "friday (jun-15)"
    ("mdg", rf"(?P<m6>{_MON})[-/](?P<d6>{_DAYNUM})\b"),
    ("dmg", rf"(?P<d7>{_DAYNUM})-(?P<m7>{_MON})\b"),
    # short numeric after "on"/weekday   "on 4/22", "friday 7.6", "on 4-22"
    (
        "short",
        rf"(?:(?<=\bon )|(?<=\bback )|(?:(?P<wd8>{_WD_FULL}){_SEP}))"
        r"(?P<a8>\d{1,2})[/.-](?P<b8>\d{1,2})(?![\d/.]\d|\d)",
    ),
    ("slash", r"(?<![\w/.,$-])(?P<a9>\d{1,2})/(?P<b9>\d{1,2})(?![\d/]|,\d|\.\d)"),
]

_RELATIVE = [
    rf"(?:(?:the{_SEP})?day{_SEP}(?:before|after){_SEP}(?:yesterday|tomorrow))",
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"a[ \t]+few|a[ \t]+couple[ \t]+of|several|few)[ \t]+(?:(?:\d+|one|two|three|"
    r"four|five|six|seven|eight|nine|ten|[a-z]+ty(?:[- ][a-z]+)?)[ \t]+)?"
    r"(?:business[ \t]+)?"
    rf"(?:(?:day|week|month|year|decade|hour|minute|fortnight)s?|{_WD_FULL})"
    r"(?:[ \t]+\d+[ \t]+(?:days?|weeks?|months?|years?))*"
    r"[ \t]+(?:ago|later|earlier|before|after|hence|from\s+(?:now|today|tomorrow|"
    r"yesterday)|(?:before|after)\s+(?:today|yesterday|tomorrow))",
    rf"(?:(?:the{_SEP})?(?:first|second|third|fourth|fifth|last){_SEP}{_WD}"
    rf"(?:{_SEP}(?:of|in){_SEP}(?:{_MON}|(?:this|next|last){_SEP}month))?)",
    rf"(?:(?:the{_SEP})?{_DAYNUM}{_SEP}of{_SEP}(?:this|next|last){_SEP}month)",
    rf"(?:(?:on{_SEP})?{_WD_FULL}(?:{_SEP}of)?{_SEP}(?:this|next|last){_SEP}week)",
    rf"(?:(?:this|next|last){_SEP}week(?:{_SEP}on)?{_SEP}{_WD_FULL})",
    rf"(?:{_WD_FULL}{_SEP}the{_SEP}(?:{_DAYNUM}|{_ORDW}|{_CARDW}))(?![\w])",
    r"(?:(?:earlier|later|early|late|mid-?)\s+)?(?:this|last|next|past|coming|"
    r"previous)\s+(?:week(?:end)?|month|year|decade|century|spring|summer|autumn|"
    rf"fall|winter|quarter|{_WD_FULL}|night|morning|evening)\b",
    r"(?:the\s+)?(?:next|following|previous)\s+day\b",
    r"(?:the\s+)?last\s+day\b",
    r"\b(?:today|tonight|yesterday|tomorrow)\b",
    rf"(?:(?<=\bthe )|(?<=\bon ))(?:{_ORDW})(?=\s*(?:[!?]|\.(?:\s|$)|$))",
    rf"\b{_WD_FULL}\b",
]

_MONTH_ALONE = re.compile(
    r"(?:(?<=\bin )|(?<=\bsince )|(?<=\buntil )|(?<=\bby )|(?<=\bof )|"
    r"(?<=\bearly )|(?<=\blate )|(?<=\bmid-)|(?<=\bmid )|(?<=\bthis )|"
    r"(?<=\blast )|(?<=\bnext )|(?<=\bfrom )|(?<=\bthrough ))"
    r"(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\b"
)
_DECADE = re.compile(r"(?<![\w'’])(?:mid-)?(1[5-9]\d0|20\d0)[’']?s\b")

_REL_RE = re.compile(
    r"(?<![\w,.-])(?:" + "|".join(_RELATIVE) + r")(?![\w-])", re.IGNORECASE
)
_WORD_NUMS = {
    **lx.UNITS,
    **lx.TEENS,
    **lx.TENS,
    **lx.ORDINAL_UNITS,
    **lx.ORDINAL_TEENS,
    "twentieth": 20,
    "thirtieth": 30,
}


def _day_value(raw: str) -> int | None:
    raw = raw.lower().strip()
    m = re.match(r"\d+", raw)
    if m:
        return int(m.group())
    total = 0
    for part in re.split(r"[-\s]+", raw):
        if part not in _WORD_NUMS:
            return None
        total += _WORD_NUMS[part]
    return total or None


def _month_value(raw: str) -> int | None:
    raw = raw.lower().rstrip(".")
    if raw.isdigit():
        return int(raw)
    return lx.MONTHS.get(raw)


def _year_value(raw: str | None) -> int | None:
    if not raw:
        return None
    y = int(raw)
    if len(raw) == 2:
        y += 2000 if y < 50 else 1900
    return y


def _iso(
    year: int | None, month: int | None, day: int | None, published: dt.date | None
) -> str | None:
    if month is None or not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            if year is None:
                if published is None:
                    return None
                year = published.year
                candidate = dt.date(year, month, day)
                if (candidate - published).days > 183:
                    year -= 1
                elif (published - candidate).days > 183:
                    year += 1
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    if year is None:
        return f"{published.year:04d}-{month:02d}" if published else None
    return f"{year:04d}-{month:02d}"


def _valid_md(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def _numeric(a: int, b: int) -> tuple[int, int] | None:
    """Order (month, day) from two numbers: US month/day unless that is invalid."""
    if _valid_md(a, b):
        return a, b
    if _valid_md(b, a):
        return b, a
    return None


def _absolute(m: re.Match, published: dt.date | None) -> tuple[str | None, bool] | None:
    kind = m.lastgroup
    g = m.group
    if kind == "mdy":
        if (
            g("m1").lower() == "may"
            and g("m1") == "may"
            and not re.match(r"\d", g("d1"))
            and not g("y1")
            and not g("wd1")
            and "the" not in m.group().lower()
        ):
            # "they may one day": a modal verb, not the month
            return None
        day = _day_value(g("d1"))
        if day is None or day > 31:
            return None
        if not g("d1")[0].isdigit() and "," in text_between(m, "m1", "d1"):
            return None  # "the year to September, the first fall"
        return _iso(_year_value(g("y1")), _month_value(g("m1")), day, published), False
    if kind == "dmy":
        day = _day_value(g("d2"))
        if day is None or day > 31:
            return None
        if re.fullmatch(r"\d+", g("d2")) and not g("y2") and g("m2").lower() == "may":
            return None
        return _iso(_year_value(g("y2")), _month_value(g("m2")), day, published), False
    if kind == "my":
        return _iso(int(g("y3")), _month_value(g("m3")), None, None), False
    if kind == "ymd":
        return _iso(int(g("y4")), _month_value(g("m4")), int(g("d4")), None), False
    if kind == "num":
        a, b = int(g("a5")), int(g("b5"))
        md = _numeric(a, b)
        if md is None:
            return None
        return _iso(_year_value(g("y5")), md[0], md[1], None), False
    if kind == "mdg":
        return _iso(None, _month_value(g("m6")), _day_value(g("d6")), published), False
    if kind == "dmg":
        return _iso(None, _month_value(g("m7")), _day_value(g("d7")), published), False
    if kind == "short":
        md = _numeric(int(g("a8")), int(g("b8")))
        if md is None:
            return None
        return _iso(None, md[0], md[1], published), False
    if kind == "slash":
        a, b = int(g("a9")), int(g("b9"))
        if (a, b) == (24, 7) or not (g("a9").startswith("0") or b > 12 or a > 12):
            return None  # "3/4" is a fraction, "24/7" an idiom
        md = _numeric(a, b)
        if md is None:
            return None
        return _iso(None, md[0], md[1], published), False
    return None


def text_between(m: re.Match, a: str, b: str) -> str:
    return m.string[m.end(a) : m.start(b)]


_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14}


def _resolve_relative(span: str, published: dt.date | None) -> str | None:
    """Resolve a relative date against the publication date (None if unknown)."""
    if published is None:
        return None
    s = span.lower()
    s = re.sub(r"\s+", " ", s).strip()
    if s in ("today", "tonight"):
        return published.isoformat()
    if s == "yesterday":
        return (published - dt.timedelta(days=1)).isoformat()
    if s == "tomorrow":
        return (published + dt.timedelta(days=1)).isoformat()
    m = re.fullmatch(
        r"(?:(earlier|later|early|late|mid-?) )?(this|last|next|past|"
        r"coming|previous) (week|month|year)",
        s,
    )
    if m:
        shift = {
            "this": 0,
            "coming": 1,
            "next": 1,
            "last": -1,
            "past": -1,
            "previous": -1,
        }[m.group(2)]
        unit = m.group(3)
        if unit == "year":
            return f"{published.year + shift:04d}"
        if unit == "month":
            month = published.month - 1 + shift
            return f"{published.year + month // 12:04d}-{month % 12 + 1:02d}"
        day = published + dt.timedelta(weeks=shift)
        iso = day.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    m = re.fullmatch(rf"(?:(this|last|next|past|coming) )?({_WD_FULL})", s)
    if m and m.group(2).rstrip("s") in lx.WEEKDAYS:
        target = lx.WEEKDAYS[m.group(2).rstrip("s")]
        if m.group(1) in ("next", "coming", "this"):
            delta = (target - published.weekday()) % 7 or 7
            if m.group(1) == "this":
                delta = (target - published.weekday()) % 7
            return (published + dt.timedelta(days=delta)).isoformat()
        # News convention: a bare weekday is the most recent one, up to today.
        delta = (published.weekday() - target) % 7
        if m.group(1) in ("last", "past") and delta == 0:
            delta = 7
        return (published - dt.timedelta(days=delta)).isoformat()
    m = re.fullmatch(
        r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten) "
        r"(day|week|fortnight|month|year)s? (ago|later|earlier)",
        s,
    )
    if m:
        n = _day_value(m.group(1)) if m.group(1) not in ("a", "an") else 1
        sign = 1 if m.group(3) == "later" else -1
        unit = m.group(2)
        if unit in _UNIT_DAYS:
            return (
                published + dt.timedelta(days=sign * n * _UNIT_DAYS[unit])
            ).isoformat()
        if unit == "month":
            month = published.month - 1 + sign * n
            return f"{published.year + month // 12:04d}-{month % 12 + 1:02d}"
        return f"{published.year + sign * n:04d}"
    return _dateparser_fallback(span, published)


def _dateparser_fallback(span: str, published: dt.date) -> str | None:
    try:
        import dateparser
    except ImportError:  # pragma: no cover
        return None
    base = dt.datetime(published.year, published.month, published.day)  # noqa: DTZ001
    try:
        parsed = dateparser.parse(
            span,
            languages=["en"],
            settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"},
        )
    except Exception:  # noqa: BLE001 - dateparser raises many kinds on odd input
        return None
    return parsed.date().isoformat() if parsed else None


_PAT = {
    name: re.compile(f"(?P<{name}>{pat})", re.IGNORECASE) for name, pat in _PATTERNS
}
_MONTH_AT = re.compile(_MON + r"(?![a-z])", re.IGNORECASE)
_WD_AT = re.compile(_WD + r"(?![a-z])", re.IGNORECASE)
_WD_BEFORE = re.compile(rf"{_WD}\.?,?{_SEP}(?:the{_SEP})?$", re.IGNORECASE)
_DIGIT_ANCHOR_RE = re.compile(
    r"\d{1,4}(?:(?P<num>[/.,-]\d)|(?P<dec>['’]?s\b)|"
    r"(?P<day>(?:st|nd|rd|th)?(?=[ \t]*(?:[.!?,;]|$))))"
)
DATE_WORDS = frozenset(
    list(lx.MONTHS)
    + list(lx.WEEKDAYS)
    + [w + "s" for w in lx.WEEKDAYS if len(w) > 3]
    + """today tonight yesterday tomorrow day days week weeks year years decade
    decades hour hours minute minutes fortnight fortnights first second third
    fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth
    fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
    thirtieth last next later earlier spring summer autumn fall winter quarter
    night morning evening century ago weekend""".split()
)
_MONTH_WORDS = frozenset(lx.MONTHS)
_WEEKDAY_WORDS = frozenset(lx.WEEKDAYS) | {w + "s" for w in lx.WEEKDAYS if len(w) > 3}


def _anchors(text: str, words: list[Word] | None) -> list[tuple[int, int, str]]:
    """Places a date can be: digit patterns, and month, weekday and time words."""
    out = []
    for m in _DIGIT_ANCHOR_RE.finditer(text):
        kind = "num" if m.group("num") else "dec" if m.group("dec") else "day"
        out.append((m.start(), m.end(), kind))
    if words is None:
        words = words_in(text, DATE_WORDS)
    for start, end, w in words:
        if w in DATE_WORDS:
            if w in _MONTH_WORDS:
                kind = "month"
            elif w in _WEEKDAY_WORDS:
                kind = "weekday"
            else:
                kind = "word"
            out.append((start, end, kind))
    out.sort()
    return out


_REL_MARGIN = 36
# A month or weekday only starts a full date when a day number is near.
_DAY_HINT_RE = re.compile(
    r"\d|(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"eleven|twelf|twelve|teen|twent|thirt|one|two|three|four|five|six|seven|"
    r"eight|nine|ten)"
)
_BARE_DAY_RE = re.compile(
    rf"(?:(?<=\bthe )|(?<=\bon )){_DAYNUM}(?=[ \t]*(?:[.!?,;]|$))", re.IGNORECASE
)


def _best(cands: list[re.Match]) -> list[re.Match]:
    return sorted(cands, key=lambda m: (m.start(), -(m.end() - m.start())))


def _absolute_at(text: str, pos: int, kind: str, published, found: list) -> None:
    """Try the absolute patterns that can involve the anchor at ``pos``."""
    n = len(text)
    cands: list[re.Match] = []
    if kind == "month":
        wd = _WD_BEFORE.search(text, max(0, pos - 16), pos)
        start = wd.start() if wd else pos
        for name in ("mdy", "my", "mdg"):
            m = _PAT[name].match(text, start) or _PAT[name].match(text, pos)
            if m:
                cands.append(m)
        for name in ("dmy", "dmg"):
            for m in _PAT[name].finditer(text, max(0, pos - 32), min(n, pos + 40)):
                if m.start() <= pos < m.end():
                    cands.append(m)
                    break
        alone = _MONTH_ALONE.match(text, pos)
        if alone:
            month = lx.MONTHS[alone.group().lower()]
            found.append(
                DateMatch(pos, alone.end(), _iso(None, month, None, published), True)
            )
    elif kind == "num":
        for name in ("ymd", "num", "short", "slash"):
            m = _PAT[name].match(text, pos)
            if m:
                cands.append(m)
    elif kind == "weekday":
        m = _PAT["short"].match(text, pos)
        if m:
            cands.append(m)
    for m in cands:
        r = _absolute(m, published)
        if r is None:
            continue
        s, e = m.span()
        while e > s and text[e - 1] in " \t,.":
            e -= 1
        found.append(DateMatch(s, e, r[0]))


def find_dates(
    text: str, published: dt.date | None = None, words: list[Word] | None = None
) -> list[DateMatch]:
    """Return date mentions in ``text``, absolute ones first-class, no overlaps.

    A cheap anchor scan (digits with separators, month, weekday and time words)
    finds where a date can be; the full patterns run only there.
    """
    found: list[DateMatch] = []
    n = len(text)
    rel_end = -1
    for pos, aend, kind in _anchors(text, words):
        if kind == "num":
            _absolute_at(text, pos, "num", published, found)
        elif kind == "dec":
            for m in _DECADE.finditer(text, max(0, pos - 7), min(n, aend + 1)):
                y = int(m.group(1))
                found.append(DateMatch(m.start(), m.end(), f"{y:04d}/{y + 9:04d}"))
        elif kind in ("month", "weekday") and _DAY_HINT_RE.search(
            text, max(0, pos - 32), min(n, aend + 40)
        ):
            _absolute_at(text, pos, kind, published, found)
        elif kind == "month":
            alone = _MONTH_ALONE.match(text, pos)
            if alone:
                month = lx.MONTHS[alone.group().lower()]
                value = _iso(None, month, None, published)
                found.append(DateMatch(pos, alone.end(), value, True))
        if aend <= rel_end or kind == "num":
            continue
        if kind == "day":
            m = _BARE_DAY_RE.match(text, pos)
            if m:
                found.append(DateMatch(m.start(), m.end(), None, relative=True))
            continue
        lo = max(0, pos - _REL_MARGIN, rel_end)
        hi = min(n, aend + _REL_MARGIN)
        cap = min(n, hi + 64)
        while hi < cap and not text[hi].isspace():
            hi += 1
        while hi < cap and text[hi] in " \t":  # end the window after a whole word,
            hi += 1  # so that "$" in a lookahead never matches at a cut
        while hi < cap and not text[hi].isspace():
            hi += 1
        for m in _REL_RE.finditer(text, lo, hi):
            raw = m.group()
            if raw.islower() and raw in ("sat", "sun", "mon", "wed", "fri", "thu"):
                continue
            found.append(DateMatch(m.start(), m.end(), None, relative=True))
            rel_end = max(rel_end, m.end())
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMatch] = []
    last_end = -1
    for d in found:
        if d.start < last_end:
            continue
        if d.relative and d.value is None:
            d.value = _resolve_relative(text[d.start : d.end], published)
        out.append(d)
        last_end = d.end
    return out
