"""News-style texts for the benchmark: the seed article plus invented stories.

The invented stories are written for this project (fictional places, people and
figures); they mix money, percentages, quotes, dates and counts.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_PATHS = (
    REPO_ROOT / "seeds" / "isis-convoy" / "source.txt",
    REPO_ROOT.parent / "shared" / "seeds" / "000_2c9396910bf7380a.txt",
)

BUDGET = """\
Harbor City Council Approves $4.5 Million Flood Plan
By Staff Writer
Updated: March 3, 2024

HARBOR CITY — The city council voted 7-2 on Tuesday to approve a $4.5 million flood
defence plan, the largest single infrastructure outlay since the 1990s.
The plan, which will raise the sea wall by 1.2 metres along a 3.7-kilometre stretch of
the waterfront, is expected to take 18 months to complete.
"We have waited long enough," Mayor Ellen Okafor said after the vote. "Every winter we
pump water out of 1,250 basements, and every winter the bill goes up."
Okafor said the city had spent nearly £2.1m — about $2.6 million — on emergency pumping
over the past five years, according to figures released by the city's finance office.
Property taxes will rise by 3.5 percent next year to cover roughly 40% of the cost; the
rest will come from a state grant of up to €350,000 and a bond issue.
Councillor Dan Reyes, one of the two members who voted against the plan, told reporters
the projected cost had already grown by more than a third since January.
"Nobody believes this will come in at four and a half million," Reyes said.
At least 300 residents attended the three-hour meeting, and some 120 of them signed a
petition calling for a referendum. The work is scheduled to begin on June 1, 2024.
"""

HEALTH = """\
Clinic Waiting Times Fall for the First Time in a Decade

Waiting times at the region's public clinics fell by 12% in the year to September,
the first fall in ten years, the Northvale Health Authority said in a statement on
Monday.
The median wait for a first appointment dropped from 41 days to 36 days, while the
number of patients waiting more than 18 weeks fell to 8,400 from 11,900 a year
earlier.
"These numbers are moving in the right direction, but they are still far too high,"
said Dr. Priya Raman, the authority's medical director. "One in five patients still
waits longer than we think is safe."
The authority hired 85 nurses and two dozen doctors last year and opened three new
clinics, at a cost of 1.2 billion krona, according to its annual report.
Patient groups were cautious. "A drop of a few days is welcome," said Tom Ellery, who
chairs the Northvale Patients' Forum, adding that hundreds of people had contacted the
forum about cancelled operations since the spring.
The health minister is due to publish national figures on Thursday.
"""

MARKETS = """\
Shares in Corvane Jump 9% After Record Quarter

Corvane Industries reported revenue of $1.17 billion for the third quarter, up 18% from
a year earlier, sending its shares up 9.4 percent to $63.45 in early trading on Friday.
Net income rose to $254 million, or $1.40 a share, from $198 million, the company said.
Analysts had expected earnings of about $1.22 a share, according to a survey by Market
Data Group.
"It was a very strong quarter across every division," chief executive Laura Mendes told
analysts on a conference call. "We shipped more than 2 million units, and demand in Asia
is still growing."
The company, which employs roughly 14,500 people in 23 countries, said it would buy back
up to $500 million of stock over the next two years. It also raised its full-year
forecast to between $4.6 billion and $4.8 billion.
Corvane's shares have gained 35% since January 12, 2024, compared with a 7.5% rise in
the broader index. The stock fell 3% last week after a rival cut prices.
"""

WEATHER = """\
Storm Leaves Thousands Without Power Across the Valley

More than 40,000 homes lost power on Saturday night as a storm brought gusts of up to
110 km/h and dumped nearly 90 millimetres of rain on the valley in 24 hours, the
regional utility said.
Emergency crews rescued eleven people from flooded cars, and one of the worst-hit
towns, Millbrook, recorded 62 mm of rain in just six hours.
"I have lived here for 30 years and I have never seen the river this high," said
resident Marta Kowalski, 71. "The water came up two feet in an hour."
By Sunday afternoon about 12,000 customers were still without electricity, according to
Valley Power, which said it expected to restore supply to almost all of them by
Tuesday. Tens of thousands of sandbags were handed out over the weekend.
The weather service said the storm was the strongest to hit the region since October
2019 and warned that a second, weaker system could arrive later this week.
Forty-two schools will stay closed on Monday.
"""


def _unwrap(story: str) -> str:
    """Join the source-wrapped lines: one paragraph per line, as in article bodies."""
    lines = story.strip("\n").split("\n")
    paragraphs = [lines[0]]
    for line in lines[1:]:
        prev = paragraphs[-1]
        ends = (
            prev.endswith((".", '"', "”", ":"))
            and line[:1] in '"“' + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        )
        if not line or not prev or len(prev) < 70 or ends:
            paragraphs.append(line)
        else:
            paragraphs[-1] = prev + " " + line
    return "\n".join(p for p in paragraphs if p) + "\n"


STORIES = {
    name: _unwrap(story)
    for name, story in {
        "budget": BUDGET,
        "health": HEALTH,
        "markets": MARKETS,
        "weather": WEATHER,
    }.items()
}


def seed_text() -> str:
    for path in SEED_PATHS:
        if path.exists():
            return path.read_text(encoding="utf-8")
    return ""


def texts() -> dict[str, str]:
    """Return the benchmark texts by name, the seed article first when present."""
    out = {}
    seed = seed_text()
    if seed:
        out["seed"] = seed
    out.update(STORIES)
    return out


def megabyte_text(size: int = 1_000_000) -> str:
    """Concatenate the texts (blank-line separated) to at least ``size`` bytes."""
    parts = list(texts().values())
    unit = "\n\n".join(parts) + "\n\n"
    reps = size // len(unit.encode("utf-8")) + 1
    return unit * reps
