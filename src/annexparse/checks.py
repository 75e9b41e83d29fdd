"""Stage 12 (checks): the inconsistencies one annex holds.

Reads only the `Annex` model, so the same checks run on a fresh extraction
and on annexparse JSON read back from disk. Each check is a small function
returning `Issue`s; how serious each code is, and what it means, is in the
catalogue (`models.Code`). To add a check: a code in the catalogue, a
function here that yields its issues, and its place in `CHECKS`.
"""
from __future__ import annotations

from collections.abc import Iterator

from .ids import identify
from .evidence import assessment_evidence, footnote_evidence, indicator_evidence, make_issue, printed_evidence, scorecard_evidence
from .models import Annex, Category, Change, Code, Evidence, Indicator, Issue, Rating
from .pairing import pair_scorecard, repeated_rows, standard_keys
from .settings import DEFAULT, CheckSettings, Settings
from .text import wording_key


def validate(annex: Annex, settings: Settings = DEFAULT) -> list[Issue]:
    """Every single-document inconsistency of `annex`, and what could not be read.

    The reading findings come first: those the reading stages made (kept from
    `annex.issues`) and those the checks make. A document finding that a
    reading finding holds back (see `Code.holds_back`) is left out, and named
    in that reading finding's `held_back`: a misreading never passes as the
    document's inconsistency.

    Args:
        annex: a fresh extraction, or annexparse JSON read back.
        settings: the thresholds (`settings.checks`).
    """
    checked = [issue for check in CHECKS for issue in check(annex, settings.checks)]
    made = {(issue.code, issue.message) for issue in checked}
    reading = [
        issue.model_copy(update={"held_back": []})
        for issue in annex.issues
        if issue.code.category is Category.READING and (issue.code, issue.message) not in made
    ]
    reading += [issue for issue in checked if issue.code.category is Category.READING]
    kept = []
    for issue in (issue for issue in checked if issue.code.category is Category.DOCUMENT):
        holders = [r for r in reading if r.code.holds_back(issue.code, issue.pages, r.pages)]
        for holder in holders:
            if issue.code not in holder.held_back:
                holder.held_back.append(issue.code)
        if not holders:
            kept.append(issue)
    return identify(annex, reading + kept)


def duplicates(indicators: list[Indicator]) -> set[int]:
    """Numbers of rows that repeat an earlier row's indicator wording."""
    return {indicators[k].number for k in repeated_rows([indicator.indicator for indicator in indicators])}


def check_count(annex: Annex, settings: CheckSettings) -> Iterator[Issue]:
    count = len(annex.indicators)
    if count != settings.expected_indicators:
        pages = sorted({p for i in annex.indicators for p in i.pages})
        last = annex.indicators[-1] if annex.indicators else None
        yield make_issue(
            Code.INDICATOR_COUNT,
            f"The detailed table has {count} indicators, not {settings.expected_indicators}.",
            [Evidence(side="detailed table", text=f"{count} rows, the last: {last.number}. {last.indicator}" if last else "no rows", box=last.indicator_box if last else None)],
            pages=pages[:1] + pages[-1:],
        )


def check_duplicates(annex: Annex, settings: CheckSettings) -> Iterator[Issue]:
    first: dict[str, Indicator] = {}
    for indicator in annex.indicators:
        key = wording_key(indicator.indicator)
        if key in first:
            earlier = first[key]
            yield make_issue(
                Code.INDICATOR_DUPLICATE,
                f"Indicator {indicator.number} repeats indicator {earlier.number} ('{indicator.indicator}').",
                [indicator_evidence(earlier, f"row {earlier.number}"), indicator_evidence(indicator, f"row {indicator.number}")],
                indicator=indicator.number,
            )
        else:
            first[key] = indicator


def check_keys(annex: Annex, settings: CheckSettings) -> Iterator[Issue]:
    # the keys from the wordings again (JSON written before keys existed has none)
    keys = standard_keys([indicator.indicator for indicator in annex.indicators], settings.variant_similarity)
    repeated = duplicates(annex.indicators)
    for indicator, key in zip(annex.indicators, keys):
        if key is None and indicator.number not in repeated:
            yield make_issue(
                Code.INDICATOR_UNMATCHED,
                f"Indicator {indicator.number} ('{indicator.indicator}') matches none of the annex format's "
                f"{settings.expected_indicators} indicators: it has no key.",
                [indicator_evidence(indicator)],
                indicator=indicator.number,
            )


def check_words(annex: Annex, settings: CheckSettings) -> Iterator[Issue]:
    for indicator in annex.indicators:
        if not isinstance(indicator.rating, Rating):
            yield make_issue(
                Code.UNKNOWN_RATING,
                f"Indicator {indicator.number} is rated '{indicator.rating}', which is not one of the five ratings.",
                [assessment_evidence(indicator)],
                indicator=indicator.number,
            )
        if indicator.change is not None and not isinstance(indicator.change, Change):
            yield make_issue(
                Code.UNKNOWN_CHANGE,
                f"Indicator {indicator.number}'s change is printed as '{indicator.change}', not Increase, Decrease or Unchanged.",
                [assessment_evidence(indicator)],
                indicator=indicator.number,
            )


def _pair_scorecard(annex: Annex, settings: CheckSettings) -> tuple[list[tuple[int, int, bool]], list[int], list[int]]:
    """Pairs (scorecard index, indicator index, same wording), unpaired scorecard items, unpaired
    indicators; a repeated indicator (`indicator_duplicate`) pairs with nothing."""
    rows = [indicator.indicator for indicator in annex.indicators]
    pairs = pair_scorecard([item.indicator for item in annex.scorecard], rows, settings.variant_similarity)
    paired_items, paired_indicators = {s for s, _, _ in pairs}, {k for _, k, _ in pairs}
    free_items = [s for s in range(len(annex.scorecard)) if s not in paired_items]
    repeated = repeated_rows(rows)
    return pairs, free_items, [k for k in range(len(rows)) if k not in repeated and k not in paired_indicators]


def check_scorecard(annex: Annex, settings: CheckSettings) -> Iterator[Issue]:
    if not annex.scorecard:
        return
    pairs, free_items, free_indicators = _pair_scorecard(annex, settings)
    for s, k, same_wording in sorted(pairs, key=lambda pair: pair[1]):
        item, indicator = annex.scorecard[s], annex.indicators[k]
        if not same_wording:
            yield make_issue(
                Code.INDICATOR_TEXT_VARIANT,
                f"The scorecard words indicator {indicator.number} differently from the detailed table.",
                [scorecard_evidence(item), indicator_evidence(indicator)],
                indicator=indicator.number,
            )
        if isinstance(item.rating, Rating) and isinstance(indicator.rating, Rating) and item.rating != indicator.rating:
            yield make_issue(
                Code.SCORECARD_RATING_MISMATCH,
                f"The scorecard rates indicator {indicator.number} '{item.rating.value}' but the detailed table rates it '{indicator.rating.value}'.",
                [scorecard_evidence(item, with_rating=True), assessment_evidence(indicator)],
                indicator=indicator.number,
            )
    for k in free_indicators:
        indicator = annex.indicators[k]
        yield make_issue(
            Code.SCORECARD_MISSING_INDICATOR,
            f"Indicator {indicator.number} ('{indicator.indicator}') is not listed in the summary scorecard.",
            [indicator_evidence(indicator)],
            indicator=indicator.number,
        )
    for s in free_items:
        item = annex.scorecard[s]
        yield make_issue(
            Code.SCORECARD_EXTRA_INDICATOR,
            f"The summary scorecard lists '{item.indicator}', which is not in the detailed table.",
            [scorecard_evidence(item, with_rating=True)],
            pages=[item.page],
        )


def check_scores(annex: Annex, settings: CheckSettings) -> Iterator[Issue]:
    stated, computed, printed = annex.scores.stated, annex.scores.computed, annex.scores.printed
    pages = annex.scores.pages
    if stated.current is not None and computed.current is not None and stated.current != computed.current:
        yield make_issue(
            Code.SCORE_MISMATCH,
            f"The printed score is {stated.current} but the ratings give {computed.current} ({computed.points} of {computed.max_points} points).",
            [
                printed_evidence(printed.current, str(stated.current)),
                Evidence(side="computed", text=f"{computed.current} = round(100 * {computed.points} / {computed.max_points})"),
            ],
            pages=pages,
        )
    if None not in (stated.current, stated.previous, stated.difference) and stated.difference != stated.current - stated.previous:
        yield make_issue(
            Code.DIFFERENCE_MISMATCH,
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
            Code.PREVIOUS_SCORE_INFEASIBLE,
            f"The printed previous score {stated.previous} is outside {low}-{high}, the range the current ratings and change words allow.",
            [
                printed_evidence(printed.previous, str(stated.previous)),
                Evidence(side="allowed by the change words", text=f"{low}-{high}"),
            ],
            pages=pages,
        )


def check_footnotes(annex: Annex, settings: CheckSettings) -> Iterator[Issue]:
    printed = {f.number for f in annex.footnotes}
    reported: set[int] = set()
    for indicator in annex.indicators:
        for marker in indicator.citation_markers:
            if marker.footnote not in printed and marker.footnote not in reported:
                reported.add(marker.footnote)
                yield make_issue(
                    Code.FOOTNOTE_MISSING,
                    f"The note of indicator {indicator.number} cites footnote {marker.footnote}, which is not printed.",
                    [Evidence(side=f"marker {marker.footnote} in the note", text=marker.sentence or str(marker.footnote), box=marker.box)],
                    indicator=indicator.number,
                    footnote=marker.footnote,
                    pages=[marker.page],
                )
    cited = {n for i in annex.indicators for n in i.citations}
    for footnote in annex.footnotes:
        if footnote.number not in cited:
            yield make_issue(
                Code.FOOTNOTE_UNCITED,
                f"Footnote {footnote.number} is never cited by an indicator's note.",
                [footnote_evidence(footnote, "footnote")],
                footnote=footnote.number,
                pages=footnote.pages[:1],
            )
    # the numbers, not the order they are printed in: a footnote that does not fit on its
    # call's page may be printed on the next, after later ones, and nothing is skipped
    ordered = sorted(annex.footnotes, key=lambda f: f.number)
    for before, footnote in zip([None, *ordered], ordered):
        previous = before.number if before else 0
        if footnote.number != previous + 1:
            kind = "repeats" if footnote.number <= previous else "skips"
            sides = [footnote_evidence(f) for f in (before, footnote) if f is not None]
            yield make_issue(
                Code.FOOTNOTE_SEQUENCE,
                f"Footnote numbering {kind} from {previous} to {footnote.number}.",
                sides,
                pages=footnote.pages[:1],
            )
            break


def check_reading_coverage(annex: Annex, settings: CheckSettings) -> Iterator[Issue]:
    """Footnotes printed where no row was read: on a page inside the detailed table that no
    indicator was read from, or after the table's last page read, and cited by no note read.
    The table very likely has rows there that were not read."""
    table_pages = {page for indicator in annex.indicators for page in indicator.pages}
    if not table_pages:
        return
    first, last = min(table_pages), max(table_pages)
    reported = {page for issue in annex.issues if issue.code.category is Category.READING for page in issue.pages}
    cited = {n for indicator in annex.indicators for n in indicator.citations}
    unread = [
        f for f in annex.footnotes
        if f.number not in cited and f.pages and not set(f.pages) & table_pages and min(f.pages) > first and not set(f.pages) <= reported
    ]  # fmt: skip
    if not unread:
        return
    pages = sorted({p for f in unread for p in f.pages})
    numbers = f"{unread[0].number}" if len(unread) == 1 else f"{unread[0].number}-{unread[-1].number}"
    where = f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}-{pages[-1]}"
    after = " after the last page read as the detailed table" if pages[0] > last else " where no row of the detailed table was read"
    yield make_issue(
        Code.READING_INCOMPLETE,
        f"Footnotes {numbers}, printed on {where}{after}, are cited by no note read: the table very likely has rows there that were not read.",
        [footnote_evidence(f) for f in unread[:2]],
        pages=pages,
    )


CHECKS = (check_reading_coverage, check_count, check_duplicates, check_keys, check_words, check_scorecard, check_scores, check_footnotes)
