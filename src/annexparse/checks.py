"""Stage 8 (validation): the inconsistencies one annex holds.

Reads only the `Annex` model, so the same checks run on a fresh extraction
and on annexparse JSON read back from disk. Each check is a small function
returning `Issue`s; `SEVERITY` documents how serious each code is.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterator

from .text import wording_key
from .models import RATING_POINTS, Annex, Box, Change, Evidence, Indicator, Issue, Printed, Rating, ScorecardItem, word

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
    # cross-edition codes (archive.py): need the earlier edition of the same country
    "change_inconsistent": "error",
    "previous_score_mismatch": "error",
}

DESCRIPTION: dict[str, str] = {
    "scorecard_rating_mismatch": "the scorecard rates an indicator differently from the detailed table",
    "scorecard_missing_indicator": "a detailed-table indicator is not in the scorecard",
    "scorecard_extra_indicator": "the scorecard lists an indicator the detailed table lacks",
    "indicator_text_variant": "the two tables word an indicator differently (beyond case and punctuation)",
    "score_mismatch": "the printed score differs from the score the ratings give",
    "difference_mismatch": "the printed difference differs from current - previous",
    "previous_score_infeasible": "the printed previous score is outside the range the ratings and change words allow",
    "footnote_missing": "a note cites a footnote that is not printed",
    "footnote_uncited": "a footnote no note cites",
    "footnote_sequence": "footnote numbering skips or repeats",
    "indicator_count": "not 36 indicators",
    "indicator_duplicate": "an indicator printed twice (keyed on the later row)",
    "unknown_rating": "a rating that is not one of the five",
    "unknown_change": "a change word that is not Increase/Decrease/Unchanged",
    "change_inconsistent": "a change word disagrees with the ratings of this and the earlier edition",
    "previous_score_mismatch": "the previous score printed differs from the score the earlier edition prints",
}


def make_issue(code: str, message: str, evidence: list[Evidence], pages: list[int] | None = None, **fields) -> Issue:
    """An issue of `code` at its documented severity; its pages are those of the evidence unless given."""
    if pages is None:
        pages = sorted({side.box.page for side in evidence if side.box is not None and side.document is None})
    return Issue(code=code, severity=SEVERITY[code], message=message, pages=pages, evidence=evidence, **fields)


def assessment_evidence(indicator: Indicator, side: str = "detailed table", document: str | None = None) -> Evidence:
    """The indicator's printed assessment (rating and change) as evidence."""
    words = " ".join(word(v) for v in (indicator.rating, indicator.change) if v is not None)
    text = f"{indicator.number}. {indicator.indicator} | {words}"
    return Evidence(side=side, text=text, box=indicator.assessment_box or indicator.indicator_box, document=document)


def _indicator_evidence(indicator: Indicator, side: str = "detailed table") -> Evidence:
    return Evidence(side=side, text=f"{indicator.number}. {indicator.indicator}", box=indicator.indicator_box)


def _scorecard_evidence(item: ScorecardItem, with_rating: bool = False) -> Evidence:
    text = f"{word(item.rating)}: {item.indicator}" if with_rating else item.indicator
    box = item.box
    if with_rating and item.box is not None and item.rating_box is not None:
        box = Box.first_around([item.box, item.rating_box])  # the label stands on the item's page
    return Evidence(side="scorecard", text=text, box=box)


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
        last = annex.indicators[-1] if annex.indicators else None
        yield make_issue(
            "indicator_count",
            f"The detailed table has {count} indicators, not {EXPECTED_INDICATORS}.",
            [Evidence(side="detailed table", text=f"{count} rows, the last: {last.number}. {last.indicator}" if last else "no rows", box=last.indicator_box if last else None)],
            pages=pages[:1] + pages[-1:],
        )


def check_duplicates(annex: Annex) -> Iterator[Issue]:
    first: dict[str, Indicator] = {}
    for indicator in annex.indicators:
        key = wording_key(indicator.indicator)
        if key in first:
            earlier = first[key]
            yield make_issue(
                "indicator_duplicate",
                f"Indicator {indicator.number} repeats indicator {earlier.number} ('{indicator.indicator}').",
                [_indicator_evidence(earlier, f"row {earlier.number}"), _indicator_evidence(indicator, f"row {indicator.number}")],
                indicator=indicator.number,
            )
        else:
            first[key] = indicator


def check_words(annex: Annex) -> Iterator[Issue]:
    for indicator in annex.indicators:
        if not isinstance(indicator.rating, Rating):
            yield make_issue(
                "unknown_rating",
                f"Indicator {indicator.number} is rated '{indicator.rating}', which is not one of the five ratings.",
                [assessment_evidence(indicator)],
                indicator=indicator.number,
            )
        if indicator.change is not None and not isinstance(indicator.change, Change):
            yield make_issue(
                "unknown_change",
                f"Indicator {indicator.number}'s change is printed as '{indicator.change}', not Increase, Decrease or Unchanged.",
                [assessment_evidence(indicator)],
                indicator=indicator.number,
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
            yield make_issue(
                "indicator_text_variant",
                f"The scorecard words indicator {indicator.number} differently from the detailed table.",
                [_scorecard_evidence(item), _indicator_evidence(indicator)],
                indicator=indicator.number,
            )
        if isinstance(item.rating, Rating) and isinstance(indicator.rating, Rating) and item.rating != indicator.rating:
            yield make_issue(
                "scorecard_rating_mismatch",
                f"The scorecard rates indicator {indicator.number} '{item.rating.value}' but the detailed table rates it '{indicator.rating.value}'.",
                [_scorecard_evidence(item, with_rating=True), assessment_evidence(indicator)],
                indicator=indicator.number,
            )
    for k in free_indicators:
        indicator = annex.indicators[k]
        yield make_issue(
            "scorecard_missing_indicator",
            f"Indicator {indicator.number} ('{indicator.indicator}') is not listed in the summary scorecard.",
            [_indicator_evidence(indicator)],
            indicator=indicator.number,
        )
    for s in free_items:
        item = annex.scorecard[s]
        yield make_issue(
            "scorecard_extra_indicator",
            f"The summary scorecard lists '{item.indicator}', which is not in the detailed table.",
            [_scorecard_evidence(item, with_rating=True)],
            pages=[item.page],
        )


def check_scores(annex: Annex) -> Iterator[Issue]:
    stated, computed, printed = annex.scores.stated, annex.scores.computed, annex.scores.printed
    pages = annex.scores.pages
    if stated.current is not None and computed.current is not None and stated.current != computed.current:
        yield make_issue(
            "score_mismatch",
            f"The printed score is {stated.current} but the ratings give {computed.current} ({computed.points} of {computed.max_points} points).",
            [
                printed_evidence(printed.current, str(stated.current)),
                Evidence(side="computed", text=f"{computed.current} = round(100 * {computed.points} / {computed.max_points})"),
            ],
            pages=pages,
        )
    if None not in (stated.current, stated.previous, stated.difference) and stated.difference != stated.current - stated.previous:
        yield make_issue(
            "difference_mismatch",
            f"The printed difference is {stated.difference} but {stated.current} - {stated.previous} = {stated.current - stated.previous}.",
            [
                printed_evidence(printed.difference, str(stated.difference)),
                Evidence(side="computed", text=f"{stated.current - stated.previous} = {stated.current} - {stated.previous}"),
            ],
            pages=pages,
        )
    low, high = computed.previous_min, computed.previous_max
    if stated.previous is not None and low is not None and high is not None and not low <= stated.previous <= high:
        yield make_issue(
            "previous_score_infeasible",
            f"The printed previous score {stated.previous} is outside {low}-{high}, the range the current ratings and change words allow.",
            [
                printed_evidence(printed.previous, str(stated.previous)),
                Evidence(side="allowed by the change words", text=f"{low}-{high}"),
            ],
            pages=pages,
        )


def printed_evidence(line: Printed | None, value: str, document: str | None = None) -> Evidence:
    """A printed score line as evidence (just the value where the line is not known)."""
    if line is None:
        return Evidence(side="printed", text=value, document=document)
    return Evidence(side="printed", text=line.text, box=line.box, document=document)


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
                yield make_issue(
                    "footnote_missing",
                    f"The note of indicator {indicator.number} cites footnote {marker.footnote}, which is not printed.",
                    [Evidence(side=f"marker {marker.footnote} in the note", text=marker.sentence or str(marker.footnote), box=marker.box)],
                    indicator=indicator.number,
                    pages=[marker.page],
                )
    cited = {n for i in annex.indicators for n in i.citations}
    for footnote in annex.footnotes:
        if footnote.number not in cited:
            yield make_issue(
                "footnote_uncited",
                f"Footnote {footnote.number} is never cited by an indicator's note.",
                [Evidence(side="footnote", text=f"{footnote.number} {footnote.text[:200]}", box=footnote.boxes[0] if footnote.boxes else None)],
                footnote=footnote.number,
                pages=footnote.pages[:1],
            )
    for before, footnote in zip([None, *annex.footnotes], annex.footnotes):
        previous = before.number if before else 0
        if footnote.number != previous + 1:
            kind = "repeats" if footnote.number <= previous else "skips"
            sides = [_footnote_evidence(f) for f in (before, footnote) if f is not None]
            yield make_issue(
                "footnote_sequence",
                f"Footnote numbering {kind} from {previous} to {footnote.number}.",
                sides,
                pages=footnote.pages[:1],
            )
            break


def _footnote_evidence(footnote) -> Evidence:
    return Evidence(side=f"footnote {footnote.number}", text=f"{footnote.number} {footnote.text[:200]}", box=footnote.boxes[0] if footnote.boxes else None)


CHECKS = (check_count, check_duplicates, check_words, check_scorecard, check_scores, check_footnotes)


def validate(annex: Annex) -> list[Issue]:
    """Every single-document inconsistency of `annex`."""
    return [issue for check in CHECKS for issue in check(annex)]
