"""Direct quotes, their speakers, and attributions ("according to X")."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_OPEN_CLOSE = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c"}
_SPEECH = (
    r"(?:said|says|say|told|tells|added|adds|asked|asks|wrote|writes|tweeted|"
    r"posted|explained|noted|stated|declared|insisted|argued|warned|continued|"
    r"replied|responded|recalled|acknowledged|admitted|conceded|claimed|"
    r"announced|confirmed|reported|estimated|testified|cautioned|stressed|"
    r"emphasized|emphasised|observed|remarked|predicted|promised|vowed|"
    r"complained|countered|concluded|quipped|joked|shouted|whispered)"
)
# A speaker: optional lower-case descriptors, then capitalised words with
# initials, titles and name particles ("U.S. Army Col. Ryan Dillon",
# "Haider al-Abadi").
_CAP = (
    r"(?:[A-Z][\w’'.&-]*|(?:al|el|bin|ibn|de|da|del|van|von|der|la|le)-?[A-Z]?[\w’'-]*)"
)
_NAME = rf"(?:{_CAP}(?:[ \t]+{_CAP}){{0,7}})"
_PRONOUN = r"(?:he|she|they|He|She|They|it|It|I|we|We)"
_DESCR = r"(?:(?:the|a|an|The|A|An)[ \t]+)?(?:[a-z][\w-]*[ \t]+){0,3}"
_SPEAKER = rf"(?P<who>{_DESCR}{_NAME}|{_PRONOUN}|(?:the|a|an|The|A|An)[ \t]+[a-z][\w-]*(?:[ \t]+[a-z][\w-]*)?)"  # noqa: E501
_TAIL = r"(?:[ \t]+(?:reporters|journalists|the[ \t]+[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)*|[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)*|me|us|him|her|them|parliament|lawmakers))?"  # noqa: E501

_AFTER_RE = re.compile(
    rf"[ \t]*,?[ \t]*(?:(?P<v1>{_SPEECH})[ \t]+(?P<who1>{_DESCR}{_NAME})"
    rf"|{_SPEAKER}[ \t]+(?P<v2>{_SPEECH}){_TAIL})"
)
_BEFORE_RE = re.compile(
    rf"{_SPEAKER}[ \t]+(?:{_SPEECH}|called|described|branded|termed|dubbed)"
    rf"(?:{_TAIL}|[ \t]+(?:it|this|that|the[ \t]+\w+)(?:[ \t]+as)?)?"
    rf"(?:[ \t]+(?:in[ \t]+a[ \t]+statement|on[ \t]+\w+))?[ \t]*[,:]?[ \t]*$"
)
_ACCORDING_RE = re.compile(
    r"\b[Aa]ccording[ \t]+to[ \t]+(?P<src>(?:the[ \t]+)?[^,.;:\n“”\"()]+?(?:\.[A-Z]\.?[^,.;:\n“”\"()]*?)*)"  # noqa: E501
    r"(?=[ \t]*(?:[,;:\n“”\"()]|\.(?:[ \t]|$|\n)|$))"
)
_ATTRIB_RE = re.compile(
    rf"(?P<who>{_NAME})[ \t]+(?P<verb>(?:told|tells)[ \t]+(?:reporters|journalists|"
    rf"(?:the[ \t]+)?{_NAME})|said[ \t]+in[ \t]+a[ \t]+(?:statement|tweet|post|"
    rf"press[ \t]+release|news[ \t]+conference|interview|report|letter)|"
    rf"(?:said|says|confirmed|announced|reported|estimated|claimed)[ \t]+(?:that|on))\b"
)
_NAME_RUN_RE = re.compile(_NAME)
_VERB_NEAR_RE = re.compile(rf"\b(?:{_SPEECH}|called|described|branded|termed|dubbed)\b")
_ATTRIB_VERB_RE = re.compile(
    r"\b(?:told|tells|said|says|confirmed|announced|reported|estimated|claimed)\b"
)
_QUOTE_CHAR_RE = re.compile('[\u201c\u201d\u00ab\u00bb\u201e"]')
_NEWLINE_RE = re.compile(r"\n")
_BREAK_RE = re.compile(r"\n[ \t]*\n")
_MAX_QUOTE = 5000
_QUOTE_GLUE_RE = re.compile(r"[\s,]*(?:(?:the|a|an)\s+)?(?:[a-z][\w-]*\s+){0,4}")
_WS_RE = re.compile(r"\s+")
_LOWER_LEAD_RE = re.compile(r"^(?:(?:the|a|an|The|A|An)[ \t]+)?(?:[a-z][\w-]*[ \t]+)+")
_NOT_NAMES = {
    "But",
    "And",
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "It",
    "This",
    "That",
    "As",
    "Those",
    "These",
    "Under",
    "Currently",
    "When",
    "While",
    "If",
}


@dataclass(slots=True)
class QuoteMatch:
    start: int  # includes the opening mark
    end: int  # includes the closing mark
    inner_start: int
    inner_end: int
    value: str
    speaker: str | None


@dataclass(slots=True)
class AttributionMatch:
    start: int
    end: int
    source: str


def normalise_quote(s: str) -> str:
    """Straight quotes, collapsed whitespace, no trailing comma: comparable text."""
    s = (
        s.replace("\u2018", "'")
        .replace("\u2019", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )
    s = _WS_RE.sub(" ", s).strip()
    return s.rstrip(",;: ").strip()


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Pairs of (open index, close index) for curly and straight double quotes.

    One linear pass: an opening mark left open is dropped when another opens,
    straight quotes pair within a line, curly ones within a paragraph.
    """
    spans = []
    newlines = [m.start() for m in _NEWLINE_RE.finditer(text)]
    breaks = [m.start() for m in _BREAK_RE.finditer(text)]

    def crosses(positions: list[int], a: int, b: int) -> bool:
        k = bisect.bisect_right(positions, a)
        return k < len(positions) and positions[k] < b

    open_at = -1
    open_ch = ""
    for m in _QUOTE_CHAR_RE.finditer(text):
        i = m.start()
        ch = m.group()
        if open_at >= 0:
            limit = newlines if open_ch == '"' else breaks
            if i - open_at > _MAX_QUOTE or crosses(limit, open_at, i):
                open_at = -1
        if (
            open_at >= 0
            and ch == _OPEN_CLOSE.get(open_ch, '"')
            and (open_ch != '"' or ch == '"')
        ):
            spans.append((open_at, i))
            open_at = -1
        elif ch in _OPEN_CLOSE or ch == '"':
            open_at, open_ch = i, ch
    return spans


class SpeakerResolver:
    """Map a surname or pronoun to the fullest earlier mention of that person."""

    def __init__(self, text: str):
        self.text = text
        self.last_person: str | None = None
        self._index: dict[str, tuple[list[int], list[str]]] = {}

    def _mentions(self, last: str) -> tuple[list[int], list[str]]:
        """Index the name runs that contain ``last``, once per surname."""
        if last in self._index:
            return self._index[last]
        starts: list[int] = []
        best: list[str] = []
        text = self.text
        pos = text.find(last)
        while pos >= 0:
            hit_start, hit_end = pos, pos + len(last)
            pos = text.find(last, hit_end)
            if hit_end < len(text) and (
                text[hit_end].isalnum() or text[hit_end] == "_"
            ):
                continue
            if hit_start and text[hit_start - 1].isalnum():
                continue
            run = None
            for m in _NAME_RUN_RE.finditer(text, max(0, hit_start - 80), hit_end):
                if m.end() == hit_end:
                    run = m
                    break
            if run is None:
                continue
            words = run.group().split()
            while words and words[0] in _NOT_NAMES:
                words.pop(0)
            name = " ".join(words)
            if best and len(best[-1]) >= len(name):
                name = best[-1]
            starts.append(hit_start)
            best.append(name)
        self._index[last] = (starts, best)
        return starts, best

    def resolve(self, who: str, at: int) -> str:
        who = _WS_RE.sub(" ", who).strip()
        if re.fullmatch(_PRONOUN, who):
            return self.last_person or who
        name = _LOWER_LEAD_RE.sub("", who) or who
        if name.endswith(".") and len(name.split()[-1]) > 3:  # sentence end
            name = name[:-1]
        last = name.split()[-1].rsplit("-", 1)[-1]
        best = name
        entry = self._mentions(last)
        if entry[0]:
            i = bisect.bisect_left(entry[0], at) - 1
            if i >= 0 and len(entry[1][i]) > len(best):
                best = entry[1][i]
        self.last_person = best
        return best


def find_quotes(text: str, resolver: SpeakerResolver) -> list[QuoteMatch]:
    """Return direct quotes of two or more words with their speakers."""
    out: list[QuoteMatch] = []
    prev: QuoteMatch | None = None
    for o, c in _quote_spans(text):
        inner = text[o + 1 : c]
        value = normalise_quote(inner)
        if len(value.split()) < 2:
            continue
        speaker = None
        after = _AFTER_RE.match(text, c + 1, min(len(text), c + 200))
        if after:
            who = after.group("who1") or after.group("who")
            speaker = resolver.resolve(who, c)
        else:
            line_start = text.rfind("\n", max(0, o - 200), o) + 1
            lo = max(line_start, prev.end if prev else 0, o - 200)
            before = None
            if _VERB_NEAR_RE.search(text, max(lo, o - 60), o):
                before = _BEFORE_RE.search(text, lo, o)
            if before:
                speaker = resolver.resolve(before.group("who"), before.start())
        if speaker is None and prev is not None and prev.speaker:
            between = text[prev.end : o]
            if "\n" not in between.strip(" \t") or not between.strip():
                speaker = prev.speaker
        q = QuoteMatch(o, c + 1, o + 1, c, value, speaker)
        out.append(q)
        prev = q
    return out


def _attrib_matches(text: str):
    """Run the attribution pattern only around speech verbs."""
    done = -1
    for v in _ATTRIB_VERB_RE.finditer(text):
        if v.start() < done:
            continue
        lo = max(0, v.start() - 90, done)
        for m in _ATTRIB_RE.finditer(text, lo, min(len(text), v.end() + 60)):
            if m.start("verb") == v.start():
                done = m.end()
                yield m
                break


def find_attributions(
    text: str, resolver: SpeakerResolver, quotes: list[QuoteMatch]
) -> list[AttributionMatch]:
    """Return "according to X" and indirect "X told reporters" attributions."""
    out = []
    for m in _ACCORDING_RE.finditer(text):
        src = m.group("src").strip()
        if src:
            out.append(AttributionMatch(m.start(), m.start("src") + len(src), src))
    ends = [q.end for q in quotes]
    for m in _attrib_matches(text):
        i = bisect.bisect_right(ends, m.start()) - 1
        near_quote = i >= 0 and _QUOTE_GLUE_RE.fullmatch(text, ends[i], m.start())
        if near_quote:
            continue
        who = m.group("who")
        words = who.split()
        while words and words[0] in _NOT_NAMES:
            words.pop(0)
        if not words:
            continue
        start = m.start("who") + who.find(words[0])
        name = resolver.resolve(" ".join(words), start)
        out.append(AttributionMatch(start, m.end("verb"), name))
    return out
