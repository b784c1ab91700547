"""Recognise numbers written with digits, words, scales and fractions.

:func:`find_numbers` is the plain number layer (no claim semantics): it returns
every number in a text with its normalised value. :func:`scan_numbers` returns the
richer :class:`NumberMatch` records the claim layer classifies.

Number words are parsed by a small grammar over tokens rather than by a generic
library, because the claim layer needs exact spans and fractions such as
"two thirds of a million" or "one and a half".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon as lx
from .words import Word, words_in


@dataclass(slots=True)
class NumberMatch:
    start: int
    end: int
    value: int | float
    words: bool = False  # at least one number word ("eight", "million")
    suffix: str = ""  # letters glued to the digits ("km", "th", "h")
    fraction: bool = False
    scaled: bool = False  # a scale word or letter ("million", "bn", "k")
    digits: str = ""  # raw text of a plain digit integer, for year/phone checks


@dataclass(slots=True)
class _Tok:
    kind: str
    value: float
    start: int
    end: int
    plural: bool = False
    hyphen_before: bool = False
    suffix: str = ""
    final: bool = False  # a digit token that takes no continuation (3/4, 1e6)


def _build_words() -> dict[str, tuple[str, float, bool]]:
    words: dict[str, tuple[str, float, bool]] = {}
    for w, v in lx.UNITS.items():
        words[w] = ("U", v, False)
    for w, v in lx.TEENS.items():
        words[w] = ("T", v, False)
    for w, v in lx.TENS.items():
        words[w] = ("X", v, False)
    for w in lx.HUNDREDS:
        words[w] = ("H", 100, w.endswith("s"))
    for w, v in lx.SCALES.items():
        words[w] = ("S", v, w.endswith("s"))
    for w in lx.DOZENS:
        words[w] = ("Z", 12, w.endswith("s"))
    for w, v in lx.ORDINALS.items():
        words[w] = ("O", v, False)
        if w not in ("second",):
            plural = w[:-1] + "ves" if w.endswith("f") else w + "s"
            words[plural] = ("O", v, True)
    words["half"] = ("HALF", 2, False)
    words["halves"] = ("HALF", 2, True)
    words["quarter"] = ("QUARTER", 4, False)
    words["quarters"] = ("QUARTER", 4, True)
    for w in ("a", "an"):
        words[w] = ("A", 1, False)
    words["and"] = ("AND", 0, False)
    words["point"] = ("POINT", 0, False)
    words["minus"] = ("NEG", 0, False)
    words["negative"] = ("NEG", 0, False)
    words["over"] = ("OVER", 0, False)
    words["out"] = ("OUT", 0, False)
    words["of"] = ("OF", 0, False)
    return words


_WORDS = _build_words()
_CORE_WORDS = sorted(
    (
        w
        for w, (k, _, _) in _WORDS.items()
        if k in "UTXHSZO" or k in ("HALF", "QUARTER")
    ),
    key=len,
    reverse=True,
)
_DENOMINATORS = ("O", "HALF", "QUARTER")
_CARDINAL = ("U", "T", "X", "H", "S", "Z", "AND", "A", "D")

_DIGITS_RE = re.compile(
    r"""
    (?:\d{1,3}(?:,\d{3})+(?!\d)
      |\d{1,2}(?:,\d{2})+,\d{3}(?!\d)
      |\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?!\d)
      |\d+)
    (?:\.\d+)?
    |\.\d+
    """,
    re.VERBOSE,
)
_COMMA_DECIMAL_RE = re.compile(r",(\d{1,2})(?![\d,]|\.\d)")
_EXP_RE = re.compile(r"[eE]([+-]?\d{1,3})(?![\w])")
_POW_RE = re.compile(r"\^([+-]*)(\d+(?:\.\d+)?)(?![\w])")
_FRAC_RE = re.compile(r"/(\d+)(?![\d/]|\.\d|,\d)")
_GLUED_RE = re.compile(r"[A-Za-z]+")
_GAP_RE = re.compile(
    r"[ \t\u00a0\u202f]*(?:([-\u2010\u2011\u2013])[ \t\u00a0\u202f]*)?"
)
_WORD_RE = re.compile(r"[A-Za-z]+")
_PREFIX_RE = re.compile(
    r"(?:(?:(?<![\w-])(?P<neg>minus|negative)|(?:^|(?<=[\s(\[=]))(?P<sign>[-\u2212]))"
    r"[ \t]*)?(?:(?<![\w-])(?P<a>a|an)[ \t]+)?$",
    re.IGNORECASE,
)
_PRONOUN_BEFORE = re.compile(
    r"(?:\b(?:the|this|that|which|each|every|any|no|another|little|last|next|right|"
    r"wrong|same|other|only|young|loved|big|good|new|old|such|a|one|someone|"
    r"anyone|everyone|what|whichever)\s+)$",
    re.IGNORECASE,
)
_PRONOUN_AFTER = re.compile(
    r"\s*(?:of\b|another\b|'s\b|’s\b|could\b|would\b|can\b|should\b|must\b|might\b|"
    r"may\b|needs\b|has\b|who\b|that\b|which\b|day\b|time\b|thing\b|way\b|hand\b)",
    re.IGNORECASE,
)


def _to_number(x: float) -> int | float:
    if isinstance(x, int):
        return x
    if x == x and abs(x) < 1e18 and float(x).is_integer():  # noqa: PLR0124
        return int(x)
    return float(round(x, 10)) if abs(x) >= 1e-6 else float(x)


def _digit_token(text: str, pos: int) -> _Tok | None:
    """Read a digit number at ``pos``: separators, decimals, exponent, fraction."""
    m = _DIGITS_RE.match(text, pos)
    if m is None:
        return None
    raw = m.group()
    end = m.end()
    if "." in raw and pos >= 2 and text[pos - 1] == "." and text[pos - 2].isdigit():
        cut = raw.find(".")
        if cut > 0:  # the tail of 192.168.1.2
            raw = raw[:cut]
            end = pos + cut
    if "." in raw and text.startswith(".", end) and end + 1 < len(text):
        if text[end + 1].isdigit():  # 192.168.1.2: dots separate numbers
            cut = raw.rfind(".")
            raw = raw[:cut]
            end = pos + cut
            if not raw:
                return None
    value: float
    if raw[0] == ".":
        value = float("0" + raw)
    else:
        clean = re.sub(r"[,\u00a0\u202f\u2009 ]", "", raw)
        value = float(clean) if "." in clean else int(clean)
        listed = pos >= 2 and text[pos - 1] == "," and text[pos - 2].isdigit()
        if clean.isdigit() and raw == clean and not listed:
            c = _COMMA_DECIMAL_RE.match(text, end)
            if c:
                value = float(f"{clean}.{c.group(1)}")
                end = c.end()
    tok = _Tok("D", value, pos, end)
    e = _EXP_RE.match(text, end)
    if e:
        tok.value = float(value) * 10 ** int(e.group(1))
        tok.end = e.end()
        tok.final = True
        return tok
    p = _POW_RE.match(text, end)
    if p:
        exp = float(p.group(2))
        if p.group(1).count("-") % 2:
            exp = -exp
        try:
            tok.value = float(value) ** exp
        except (OverflowError, ZeroDivisionError):
            return tok
        tok.end = p.end()
        tok.final = True
        return tok
    if (
        isinstance(value, int)
        and raw.isdigit()
        and not (pos >= 2 and text[pos - 1] in "/-" and text[pos - 2].isdigit())
    ):
        f = _FRAC_RE.match(text, end)
        if f and int(f.group(1)):
            tok.value = value / int(f.group(1))
            tok.end = f.end()
            tok.final = True
            tok.kind = "DF"
            return tok
    g = _GLUED_RE.match(text, tok.end)
    if g:
        letters = g.group()
        scale = lx.SUFFIX_SCALES.get(letters)
        if scale is not None and not _is_letter(text, g.end()):
            tok.value = value * scale
            tok.end = g.end()
            tok.kind = "DS"
        else:
            tok.suffix = letters
            tok.final = True
    return tok


def _is_letter(text: str, i: int) -> bool:
    return i < len(text) and text[i].isalpha()


def _tokens(text: str, pos: int, limit: int) -> list[_Tok]:
    """Tokenise a run of number material starting at ``pos``."""
    toks: list[_Tok] = []
    n = len(text)
    hyphen = False
    while pos < n and len(toks) < limit:
        ch = text[pos]
        if ch.isdigit() or (ch == "." and pos + 1 < n and text[pos + 1].isdigit()):
            if (
                toks
                and toks[-1].kind in ("D", "DS", "DF")
                and (hyphen or toks[-1].end == pos)
            ):
                break
            tok = _digit_token(text, pos)
            if tok is None:
                break
        elif ch.isalpha():
            m = _WORD_RE.match(text, pos)
            if m is None:
                break
            word = m.group()
            info = _WORDS.get(word.lower())
            if info is None:
                scale = lx.SUFFIX_SCALES.get(word)
                if (
                    scale
                    and toks
                    and toks[-1].kind == "D"
                    and not toks[-1].final
                    and not hyphen
                ):
                    prev = toks[-1]
                    prev.kind = "DS"
                    prev.value = prev.value * scale
                    prev.end = m.end()
                    gap = _GAP_RE.match(text, prev.end)
                    hyphen = bool(gap.group(1))
                    pos = gap.end()
                    continue
                break
            kind, value, plural = info
            tok = _Tok(kind, value, pos, m.end(), plural)
        else:
            break
        tok.hyphen_before = hyphen
        toks.append(tok)
        if tok.suffix:
            break
        gap = _GAP_RE.match(text, tok.end)
        hyphen = bool(gap.group(1))
        pos = gap.end()
    return toks


class _Card:
    """Result of parsing a cardinal: value, token end index, facts about it."""

    __slots__ = ("value", "end", "last", "last_scale", "words", "scaled")

    def __init__(self, value, end, last, last_scale, words, scaled):
        self.value = value
        self.end = end
        self.last = last
        self.last_scale = last_scale
        self.words = words
        self.scaled = scaled


def _cardinal(toks: list[_Tok], i: int, stop: int | None = None) -> _Card | None:
    """Parse the longest cardinal number starting at ``toks[i]``."""
    n = len(toks) if stop is None else stop
    total = 0.0
    group = 0.0
    small = 0.0
    prev: str | None = None
    last_scale: float | None = None
    limit: float | None = None
    has_hundred = False
    words = False
    scaled = False
    best: _Card | None = None
    j = i
    while j < n:
        t = toks[j]
        k = t.kind
        ok = True
        if k == "A":
            if prev is None and j + 1 < n and toks[j + 1].kind in ("H", "S", "Z"):
                small = 1
                prev = "A"
                j += 1
                continue
            break
        if k == "AND":
            if prev == "H":
                limit = 100
            elif prev == "S":
                limit = last_scale
            elif prev == "X":
                limit = 10
            else:
                break
            prev = "AND"
            j += 1
            continue
        if k in ("U", "T", "X", "D"):
            v = t.value
            if k == "D" and (t.final or t.suffix):
                ok = prev is None
            if prev is None:
                pass
            elif prev == "X" and k == "U" and v > 0:
                pass
            elif prev in ("H", "S", "AND"):
                cap = limit if prev == "AND" else (100 if prev == "H" else last_scale)
                if cap is not None and v >= cap:
                    ok = False
                if k == "D" and (t.hyphen_before or not float(v).is_integer()):
                    ok = False
            else:
                ok = False
            if not ok:
                break
            small += v
            if prev == "X" and k == "U":
                k = "XU"
            words = words or k != "D"
            limit = None
        elif k in ("DS", "DF"):
            if prev is not None:
                break
            small = t.value
            scaled = True
        elif k == "H":
            if prev not in ("U", "T", "X", "XU", "D", "A") or has_hundred:
                break
            group += (small or 1) * 100
            small = 0
            has_hundred = True
            words = True
        elif k == "S":
            if prev not in ("U", "T", "X", "XU", "D", "A", "H", "Z", "S"):
                break
            g = group + small
            if prev == "S":
                if last_scale is None or t.value <= last_scale or g:
                    break
                total *= t.value
            else:
                if last_scale is not None and t.value >= last_scale:
                    break
                total += g * t.value
            last_scale = t.value
            group = small = 0
            has_hundred = False
            words = scaled = True
        elif k == "Z":
            if prev not in ("U", "T", "X", "XU", "D", "A"):
                break
            small = (small or 1) * 12
            words = True
        else:
            break
        prev = k
        j += 1
        best = _Card(total + group + small, j, k, last_scale, words, scaled)
    return best


def _den_suffix(toks: list[_Tok], i: int, k: int) -> tuple[float, int]:
    """Return (denominator, index where it starts) for the ordinal at ``toks[k]``.

    A denominator may absorb tens ("one hundred thirty fifths" is 100/35) or "one
    hundred"/"one thousand" ("one one hundred fifth" is 1/105); otherwise it is
    the ordinal alone.
    """
    o = toks[k]
    if o.kind != "O":
        return o.value, k
    # X + unit ordinal: "twenty firsts", "thirty fifths"
    if k - 1 > i and toks[k - 1].kind == "X" and o.value < 10:
        return toks[k - 1].value + o.value, k - 1
    # one + hundred/thousand (+ and) + ordinal
    j = k - 1
    if j > i and toks[j].kind == "AND":
        j -= 1
    if (
        j - 1 > i
        and toks[j].kind in ("H", "S")
        and toks[j - 1].kind == "U"
        and toks[j - 1].value == 1
        and o.value < 100
    ):
        return toks[j].value + o.value, j - 1
    return o.value, k


def _fraction(toks: list[_Tok], i: int) -> tuple[float, int, bool] | None:
    """Parse a fraction or mixed number written in words, starting at ``toks[i]``."""
    n = len(toks)
    k = i
    while k < n and toks[k].kind in _CARDINAL and toks[k].kind != "D":
        k += 1
    if k >= n or toks[k].kind not in _DENOMINATORS:
        # digits allowed only in the whole part of a mixed number
        k = i
        while k < n and toks[k].kind in _CARDINAL:
            k += 1
        if k >= n or toks[k].kind not in _DENOMINATORS:
            return None
    den_tok = toks[k]
    if (
        den_tok.kind == "O"
        and den_tok.value <= 2
        and not (k - 1 >= i and toks[k - 1].kind == "X")
    ):
        return None
    if k == i:
        if den_tok.kind == "HALF" and not den_tok.plural:
            value, end = 0.5, k + 1
        else:
            return None
    else:
        ands = [j for j in range(i, k) if toks[j].kind == "AND"]
        value = None
        end = k + 1
        if ands:
            a = ands[-1]
            left = _cardinal(toks, i, a)
            right = _simple_fraction(toks, a + 1, k)
            if left is not None and left.end == a and right is not None:
                num, den = right
                if num < den:
                    frac = num / den
                    if _scale_follows(toks, k + 1) and left.last != "S":
                        # "four and a half million"
                        value = (left.value + frac) * toks[k + 1].value
                        end = k + 2
                    else:
                        if _scale_follows(toks, k + 1):
                            frac *= toks[k + 1].value
                            end = k + 2
                        elif left.last == "S":
                            frac *= left.last_scale
                        value = left.value + frac
        if value is None:
            r = _simple_fraction(toks, i, k)
            if r is None:
                return None
            value = r[0] / r[1]
    # "three quarters billion", "a half million", "two thirds of a million"
    j = end
    if end > k + 1:
        pass
    elif j < n and toks[j].kind == "S" and not toks[j].hyphen_before:
        value *= toks[j].value
        end = j + 1
    elif (
        j + 2 < n
        and toks[j].kind == "OF"
        and toks[j + 1].kind == "A"
        and toks[j + 2].kind == "S"
    ):
        value *= toks[j + 2].value
        end = j + 3
    return value, end, True


def _scale_follows(toks: list[_Tok], j: int) -> bool:
    return j < len(toks) and toks[j].kind == "S"


def _simple_fraction(toks: list[_Tok], i: int, k: int) -> tuple[float, float] | None:
    """Numerator and denominator of ``toks[i:k]`` + the ordinal ``toks[k]``."""
    den_tok = toks[k]
    den, dstart = _den_suffix(toks, i, k)
    if dstart > i and not (dstart == i + 1 and toks[i].kind == "A"):
        card = _cardinal(toks, i, dstart)
        if card is None or card.end != dstart or not card.words:
            den, dstart = den_tok.value, k
    if dstart == i:
        return None
    if dstart == i + 1 and toks[i].kind == "A":
        num = 1.0
    else:
        card = _cardinal(toks, i, dstart)
        if card is None or card.end != dstart:
            return None
        if any(toks[j].kind == "D" for j in range(i, dstart)):
            return None
        num = card.value
    if not den_tok.plural and num != 1 and den_tok.kind == "O":
        return None
    return num, den


def _expression(text: str, toks: list[_Tok], i: int):
    """Parse one number at ``toks[i]``: returns (value, end index, fraction) or None."""
    n = len(toks)
    t = toks[i]
    # half/quarter as multiplier: "half a dozen", "half million", "a quarter million"
    j = i + 1 if t.kind == "A" and i + 1 < n else i
    if toks[j].kind in ("HALF", "QUARTER") and not toks[j].plural:
        m = j + 1
        if m < n and toks[m].kind == "A":
            m += 1
        if m < n and toks[m].kind in ("S", "Z"):
            return toks[m].value / toks[j].value, m + 1, True
    frac = _fraction(toks, i)
    card = _cardinal(toks, i)
    if frac is not None and (card is None or frac[1] >= card.end):
        return frac
    if card is None:
        return None
    value, end = card.value, card.end
    if end < n:
        nxt = toks[end]
        if nxt.kind == "POINT" and card.words:
            digits = ""
            j = end + 1
            while j < n and toks[j].kind in ("U", "T", "X"):
                v = int(toks[j].value)
                if toks[j].kind == "X" and j + 1 < n and toks[j + 1].kind == "U":
                    v += int(toks[j + 1].value)
                    j += 1
                digits += str(v)
                j += 1
            if digits:
                return value + float("0." + digits), j, False
        elif nxt.kind == "DF" and toks[end - 1].kind == "D" and end == i + 1:
            if float(value).is_integer() and nxt.value < 1:
                return value + nxt.value, end + 1, True
        elif nxt.kind in ("OVER", "OUT"):
            j = end + 1
            if nxt.kind == "OUT":
                if j < n and toks[j].kind == "OF":
                    j += 1
                else:
                    return value, end, False
            if j < n:
                den = _cardinal(toks, j)
                if (
                    den is not None
                    and den.value
                    and not _word_follows(text, toks[den.end - 1].end)
                ):
                    return value / den.value, den.end, True
    return value, end, False


_FOLLOW_WORD_RE = re.compile(r"[ \t]+[A-Za-z]")


def _word_follows(text: str, pos: int) -> bool:
    return _FOLLOW_WORD_RE.match(text, pos) is not None


_DIGIT_RUN_RE = re.compile(r"\d+")
NUMBER_WORDS = frozenset(_CORE_WORDS)


def _cores(
    text: str, start: int, end: int, words: list[Word] | None
) -> list[tuple[int, int]]:
    """Where a number can begin: a digit run, ".5", or a number word.

    Two simple scans and a set lookup are much faster than one regex with a
    long alternation of words behind a look-behind.
    """
    cores = []
    for m in _DIGIT_RUN_RE.finditer(text, start, end):
        s = m.start()
        before = text[s - 1] if s > start else ""
        if before.isalpha() or before == "_":
            continue
        if before == "." and not (s - 2 >= start and (text[s - 2].isalnum())):
            s -= 1  # ".25"
        cores.append((s, m.end()))
    if words is None or start or end != len(text):
        words = [w for w in words_in(text, NUMBER_WORDS) if start <= w[0] < end]
    for s, e, w in words:
        if w not in NUMBER_WORDS:
            continue
        if s > start and (text[s - 1] in "-_" or text[s - 1].isalnum()):
            continue
        if e < end and (text[e] == "_" or text[e].isalnum()):
            continue
        cores.append((s, e))
    cores.sort()
    return cores


def scan_numbers(
    text: str,
    start: int = 0,
    end: int | None = None,
    words: list[Word] | None = None,
) -> list[NumberMatch]:
    """Return every number in ``text[start:end]`` as :class:`NumberMatch` records."""
    out: list[NumberMatch] = []
    end = len(text) if end is None else end
    pos = start
    for core, core_end in _cores(text, start, end, words):
        if core < pos:
            continue
        run_start = core
        neg = False
        p = None
        back = text[max(start, core - 10) : core].lower()
        if back and (
            "-" in back
            or "\u2212" in back
            or back.rstrip().endswith((" a", " an", "minus", "negative"))
            or back.strip() in ("a", "an")
        ):
            p = _PREFIX_RE.search(text, max(start, core - 16), core)
        if p:
            if p.group("a"):
                run_start = p.start("a")
            if p.group("neg"):
                neg = True
                neg_start = p.start("neg")
            elif p.group("sign"):
                gap = text[p.end("sign") : core]
                if not gap.strip(" \t") == "" or (
                    gap and p.start("sign") > 0 and text[p.start("sign") - 1] != "\n"
                ):
                    pass
                else:
                    neg = True
                    neg_start = p.start("sign")
        toks = _tokens(text, run_start, 64)
        if not toks:
            pos = core_end
            continue
        i = 0
        consumed = core_end
        while i < len(toks):
            r = _expression(text, toks, i)
            if r is None:
                i += 1
                continue
            value, j, is_frac = r
            first, last = toks[i], toks[j - 1]
            s = first.start
            if neg and i == 0 and first.kind != "A":
                s = neg_start
                value = -value
            words = any(t.kind not in ("D", "DS", "DF") for t in toks[i:j])
            scaled = any(t.kind in ("S", "DS", "Z") for t in toks[i:j])
            raw = ""
            if j - i == 1 and first.kind == "D" and isinstance(first.value, int):
                raw = text[first.start : first.end]
            out.append(
                NumberMatch(
                    s,
                    last.end,
                    _to_number(value),
                    words,
                    last.suffix,
                    is_frac,
                    scaled,
                    raw,
                )
            )
            consumed = max(consumed, last.end)
            neg = False
            i = j
        pos = max(consumed, core_end)
    return out


def is_pronoun_one(text: str, m: NumberMatch) -> bool:
    """Tell whether a lone "one" is the pronoun or idiom, not a number."""
    if text[m.start : m.end].lower() != "one":
        return False
    before = text[max(0, m.start - 24) : m.start]
    if _PRONOUN_BEFORE.search(before):
        return True
    return _PRONOUN_AFTER.match(text, m.end) is not None


def find_numbers(text: str) -> list[tuple[int, int, int | float]]:
    """Return ``(start, end, value)`` for each plain number in ``text``.

    Numbers glued to a unit or an ordinal suffix ("29km", "4th") and the pronoun
    "one" are left out; a date such as "5/17/2018" yields its three numbers.
    """
    result = []
    for m in scan_numbers(text):
        if m.suffix or is_pronoun_one(text, m):
            continue
        result.append((m.start, m.end, m.value))
    return result
