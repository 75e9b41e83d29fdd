"""Stage 8 (validation): the inconsistencies one annex holds.

Reads only the `Annex` model, so the same checks run on a fresh extraction
and on annexparse JSON read back from disk. Each check is a small function
returning `Issue`s; `SEVERITY` documents how serious each code is.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterator

from .text import wording_key
from .models import RATING_POINTS, Annex, Change, Indicator, Issue, Rating

EXPECTED_INDICATORS = 36
VARIANT_SIMILARITY = 0.6  # scorecard and detailed wordings this alike are one indicator worded twice

SEVERITY: dict[str, str] = {
    "scorecard_rating_mismatch": "error",
    "scorecard_missing_indicator": "error",
    "scorecard_extra_indicator": "error",
    "indicator_text_variant": "warning",
    "score_mismatch": "error",
    "difference_mismatch": "error",
    "previous_score_infeasible": "error",
    "footnote_missing": "error",
    "footnote_uncited": "warning",
    "footnote_sequence": "warning",
    "indicator_count": "error",
    "indicator_duplicate": "error",
    "unknown_rating": "error",
    "unknown_change": "warning",
}


def _issue(code: str, message: str, **fields) -> Issue:
    return Issue(code=code, severity=SEVERITY[code], message=message, **fields)


def points(rating: Rating | str) -> int:
    return RATING_POINTS.get(rating, 0) if isinstance(rating, Rating) else 0


def score(total_points: int, count: int) -> int | None:
    return round(100 * total_points / (4 * count)) if count else None


def duplicates(indicators: list[Indicator]) -> set[int]:
    """Numbers of rows that repeat an earlier row's indicator wording."""
    seen: set[str] = set()
    repeated: set[int] = set()
    for indicator in indicators:
        key = wording_key(indicator.indicator)
        if key in seen:
            repeated.add(indicator.number)
        seen.add(key)
    return repeated


def check_count(annex: Annex) -> Iterator[Issue]:
    count = len(annex.indicators)
    if count != EXPECTED_INDICATORS:
        pages = sorted({p for i in annex.indicators for p in i.pages})
        yield _issue(
            "indicator_count",
            f"The detailed table has {count} indicators, not {EXPECTED_INDICATORS}.",
            pages=pages[:1] + pages[-1:],
            evidence={"detailed table": f"{count} rows"},
        )


def check_duplicates(annex: Annex) -> Iterator[Issue]:
    first: dict[str, Indicator] = {}
    for indicator in annex.indicators:
        key = wording_key(indicator.indicator)
        if key in first:
            earlier = first[key]
            yield _issue(
                "indicator_duplicate",
                f"Indicator {indicator.number} repeats indicator {earlier.number} ('{indicator.indicator}').",
                indicator=indicator.number,
                pages=sorted(set(earlier.pages[:1] + indicator.pages[:1])),
                evidence={f"row {earlier.number}": earlier.indicator, f"row {indicator.number}": indicator.indicator},
            )
        else:
            first[key] = indicator


def check_words(annex: Annex) -> Iterator[Issue]:
    for indicator in annex.indicators:
        if not isinstance(indicator.rating, Rating):
            yield _issue(
                "unknown_rating",
                f"Indicator {indicator.number} is rated '{indicator.rating}', which is not one of the five ratings.",
                indicator=indicator.number,
                pages=indicator.pages[:1],
                evidence={"detailed table": str(indicator.rating)},
            )
        if indicator.change is not None and not isinstance(indicator.change, Change):
            yield _issue(
                "unknown_change",
                f"Indicator {indicator.number}'s change is printed as '{indicator.change}', not Increase, Decrease or Unchanged.",
                indicator=indicator.number,
                pages=indicator.pages[:1],
                evidence={"detailed table": str(indicator.change)},
            )


def _pair_scorecard(annex: Annex) -> tuple[list[tuple[int, int, bool]], list[int], list[int]]:
    """Pairs (scorecard index, indicator index, same wording), unpaired scorecard items, unpaired indicators."""
    repeated = duplicates(annex.indicators)
    indicators = [k for k, i in enumerate(annex.indicators) if i.number not in repeated]
    by_key: dict[str, list[int]] = {}
    for k in indicators:
        by_key.setdefault(wording_key(annex.indicators[k].indicator), []).append(k)
    pairs: list[tuple[int, int, bool]] = []
    free_items: list[int] = []
    for s, item in enumerate(annex.scorecard):
        candidates = by_key.get(wording_key(item.indicator))
        if candidates:
            pairs.append((s, candidates.pop(0), True))
        else:
            free_items.append(s)
    paired = {k for _, k, _ in pairs}
    free_indicators = [k for k in indicators if k not in paired]
    scored = sorted(
        (
            (difflib.SequenceMatcher(None, wording_key(annex.scorecard[s].indicator), wording_key(annex.indicators[k].indicator)).ratio(), s, k)
            for s in free_items
            for k in free_indicators
        ),
        reverse=True,
    )
    for ratio, s, k in scored:
        if ratio < VARIANT_SIMILARITY or s not in free_items or k not in free_indicators:
            continue
        pairs.append((s, k, False))
        free_items.remove(s)
        free_indicators.remove(k)
    return pairs, free_items, free_indicators


def check_scorecard(annex: Annex) -> Iterator[Issue]:
    if not annex.scorecard:
        return
    pairs, free_items, free_indicators = _pair_scorecard(annex)
    for s, k, same_wording in sorted(pairs, key=lambda pair: pair[1]):
        item, indicator = annex.scorecard[s], annex.indicators[k]
        if not same_wording:
            yield _issue(
                "indicator_text_variant",
                f"The scorecard words indicator {indicator.number} differently from the detailed table.",
                indicator=indicator.number,
                pages=sorted({item.page, *indicator.pages[:1]}),
                evidence={"scorecard": item.indicator, "detailed table": indicator.indicator},
            )
        if isinstance(item.rating, Rating) and isinstance(indicator.rating, Rating) and item.rating != indicator.rating:
            yield _issue(
                "scorecard_rating_mismatch",
                f"The scorecard rates indicator {indicator.number} '{item.rating.value}' but the detailed table rates it '{indicator.rating.value}'.",
                indicator=indicator.number,
                pages=sorted({item.page, *indicator.pages[:1]}),
                evidence={"scorecard": f"{item.rating.value}: {item.indicator}", "detailed table": f"{indicator.rating.value}: {indicator.indicator}"},
            )
    for k in free_indicators:
        indicator = annex.indicators[k]
        yield _issue(
            "scorecard_missing_indicator",
            f"Indicator {indicator.number} ('{indicator.indicator}') is not listed in the summary scorecard.",
            indicator=indicator.number,
            pages=indicator.pages[:1],
            evidence={"detailed table": indicator.indicator},
        )
    for s in free_items:
        item = annex.scorecard[s]
        yield _issue(
            "scorecard_extra_indicator",
            f"The summary scorecard lists '{item.indicator}', which is not in the detailed table.",
            pages=[item.page],
            evidence={"scorecard": item.indicator},
        )


def check_scores(annex: Annex) -> Iterator[Issue]:
    stated, computed = annex.scores.stated, annex.scores.computed
    pages = annex.scores.pages
    if stated.current is not None and computed.current is not None and stated.current != computed.current:
        yield _issue(
            "score_mismatch",
            f"The printed score is {stated.current} but the ratings give {computed.current} ({computed.points} of {computed.max_points} points).",
            pages=pages,
            evidence={"printed": str(stated.current), "computed": str(computed.current)},
        )
    if None not in (stated.current, stated.previous, stated.difference) and stated.difference != stated.current - stated.previous:
        yield _issue(
            "difference_mismatch",
            f"The printed difference is {stated.difference} but {stated.current} - {stated.previous} = {stated.current - stated.previous}.",
            pages=pages,
            evidence={"printed": str(stated.difference), "computed": str(stated.current - stated.previous)},
        )
    low, high = computed.previous_min, computed.previous_max
    if stated.previous is not None and low is not None and high is not None and not low <= stated.previous <= high:
        yield _issue(
            "previous_score_infeasible",
            f"The printed previous score {stated.previous} is outside {low}-{high}, the range the current ratings and change words allow.",
            pages=pages,
            evidence={"printed": str(stated.previous), "allowed": f"{low}-{high}"},
        )


def previous_range(indicators: list[Indicator]) -> tuple[int, int] | None:
    """Lowest and highest previous points total that the change words allow."""
    if not indicators or all(i.change is None for i in indicators):
        return None
    low = high = 0
    for indicator in indicators:
        now = points(indicator.rating) if isinstance(indicator.rating, Rating) else None
        if now is None or not isinstance(indicator.change, Change):
            low, high = low + 0, high + 4
        elif indicator.change is Change.UNCHANGED:
            low, high = low + now, high + now
        elif indicator.change is Change.INCREASE:
            low, high = low + 0, high + max(now - 1, 0)
        else:
            low, high = low + min(now + 1, 4), high + 4
    return low, high


def check_footnotes(annex: Annex) -> Iterator[Issue]:
    printed = {f.number for f in annex.footnotes}
    reported: set[int] = set()
    for indicator in annex.indicators:
        for marker in indicator.citation_markers:
            if marker.footnote not in printed and marker.footnote not in reported:
                reported.add(marker.footnote)
                yield _issue(
                    "footnote_missing",
                    f"The note of indicator {indicator.number} cites footnote {marker.footnote}, which is not printed.",
                    indicator=indicator.number,
                    pages=[marker.page],
                    evidence={"marker": str(marker.footnote), "note": marker.sentence},
                )
    cited = {n for i in annex.indicators for n in i.citations}
    for footnote in annex.footnotes:
        if footnote.number not in cited:
            yield _issue(
                "footnote_uncited",
                f"Footnote {footnote.number} is never cited by an indicator's note.",
                footnote=footnote.number,
                pages=footnote.pages[:1],
                evidence={"footnote": footnote.text[:200]},
            )
    numbers = [f.number for f in annex.footnotes]
    for previous, current in zip([0, *numbers], numbers):
        if current != previous + 1:
            kind = "repeats" if current <= previous else "skips"
            yield _issue(
                "footnote_sequence",
                f"Footnote numbering {kind} from {previous} to {current}.",
                pages=next((f.pages[:1] for f in annex.footnotes if f.number == current), []),
                evidence={"sequence": f"{previous} -> {current}"},
            )
            break


CHECKS = (check_count, check_duplicates, check_words, check_scorecard, check_scores, check_footnotes)


def validate(annex: Annex) -> list[Issue]:
    """Every single-document inconsistency of `annex`."""
    return [issue for check in CHECKS for issue in check(annex)]
