"""Stage 10 (scoring): the score the ratings give, and the previous scores the change words allow.

The scoring rule the published figures imply: Very Strong 4, Strong 3, Fair 2,
Weak 1, Very Weak 0 points (`Rating.points`); score = round(100 * points /
(4 * number of indicators)). A rating word that is not one of the five counts
no points.
"""
from __future__ import annotations

from collections.abc import Sequence

from .models import Box, Change, ComputedScores, Indicator, Printed, PrintedScoreLines, PrintedScores, Scores, StatedScores, points_of


def compute_scores(printed: PrintedScores, indicators: Sequence[Indicator]) -> Scores:
    """The stated (printed), computed and printed-line scores of an annex.

    Args:
        printed: the printed score lines, from the summary stage.
        indicators: the detailed table's indicators.
    """
    current, before = printed.current, printed.previous
    return Scores(
        stated=StatedScores(
            current=current.value if current else None,
            previous=before.value if before else None,
            difference=printed.difference,
        ),
        computed=computed_scores(indicators),
        pages=printed.pages,
        printed=PrintedScoreLines(
            current=_printed(current.text, current.box) if current else None,
            previous=_printed(before.text, before.box) if before else None,
            difference=_printed(printed.difference_text, printed.difference_box),
        ),
    )


def computed_scores(indicators: Sequence[Indicator]) -> ComputedScores:
    """The score the ratings give, and the range of previous scores their change words allow
    (also what a corrected rating changes: `corrections`)."""
    total = sum(points_of(i.rating) or 0 for i in indicators)
    count = len(indicators)
    previous = previous_range(indicators)
    return ComputedScores(
        current=score(total, count),
        points=total,
        max_points=4 * count,
        previous_min=score(previous[0], count) if previous else None,
        previous_max=score(previous[1], count) if previous else None,
    )


def score(total_points: int, count: int) -> int | None:
    """round(100 * points / (4 * indicators)); None without indicators."""
    return round(100 * total_points / (4 * count)) if count else None


def previous_range(indicators: Sequence[Indicator]) -> tuple[int, int] | None:
    """Lowest and highest previous points total that the change words allow (None in a baseline annex)."""
    if not indicators or all(i.change is None for i in indicators):
        return None
    low = high = 0
    for indicator in indicators:
        now = points_of(indicator.rating)
        if now is None or not isinstance(indicator.change, Change):
            low, high = low + 0, high + 4
        elif indicator.change is Change.UNCHANGED:
            low, high = low + now, high + now
        elif indicator.change is Change.INCREASE:
            low, high = low + 0, high + max(now - 1, 0)
        else:
            low, high = low + min(now + 1, 4), high + 4
    return low, high


def _printed(text: str, box: Box | None) -> Printed | None:
    return Printed(text=text, box=box) if box is not None else None
