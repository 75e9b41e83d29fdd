"""Scoring stage: the score the ratings give and the previous scores the change words allow."""
from __future__ import annotations

from annexparse.models import Change, Indicator, PrintedScores, Rating
from annexparse.scoring import compute_scores, previous_range, score
from helpers import extracted


def _indicator(number: int, rating, change=None) -> Indicator:
    return Indicator(
        number=number, thematic_area="", indicator=f"Indicator {number}", rating=rating, change=change, note="",
        citations=[], note_markdown="", citation_markers=[], pages=[1],
    )  # fmt: skip


def test_score_is_the_rounded_share_of_the_points():
    assert score(54, 36) == 38 and score(0, 36) == 0 and score(144, 36) == 100 and score(3, 0) is None


def test_change_words_bound_the_previous_points():
    indicators = [_indicator(1, Rating.FAIR, Change.UNCHANGED), _indicator(2, Rating.STRONG, Change.INCREASE), _indicator(3, Rating.WEAK, Change.DECREASE)]
    assert previous_range(indicators) == (2 + 0 + 2, 2 + 2 + 4)
    assert previous_range([_indicator(1, Rating.FAIR)]) is None  # a baseline annex prints no change words


def test_an_unknown_rating_counts_no_points_and_any_previous_rating():
    scores = compute_scores(PrintedScores([], None, None), [_indicator(1, "Moderate", Change.UNCHANGED), _indicator(2, Rating.VERY_STRONG)])
    assert (scores.computed.points, scores.computed.max_points, scores.computed.current) == (4, 8, 50)
    assert (scores.computed.previous_min, scores.computed.previous_max) == (0, 100)


def test_real_annex_scores():
    annex = extracted("mongolia-2022")
    assert annex.scores.computed.current == 54 == annex.scores.stated.current
    assert annex.scores.computed.previous_min <= 58 <= annex.scores.computed.previous_max
