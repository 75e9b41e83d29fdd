"""Cross-edition checks: where an edition contradicts the earlier edition of its country.

An updated annex prints its previous score and a change word per indicator.
Given the edition it refers to (same country, year = its `previous_year`),
both can be checked: the previous score against the score that edition
prints, and each change word against the two editions' ratings. Like
`validate`, this reads only `Annex` models.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from .ids import identify
from .evidence import assessment_evidence, make_issue, printed_evidence
from .models import Annex, Change, Code, Evidence, Issue, Rating
from .pairing import pair_indicators


@dataclass(frozen=True)
class ArchiveFinding:
    """A finding about `document` (a file name) that needs another edition to see."""

    document: str
    issue: Issue


def country_key(country: str | None) -> str:
    """A country's name as editions are matched on it: case and spacing aside."""
    return " ".join((country or "").casefold().split())


def editions(annexes: Sequence[Annex]) -> dict[str, list[Annex]]:
    """The annexes of each country (by its printed name), oldest edition first."""
    by_country: dict[str, list[Annex]] = {}
    for annex in annexes:
        if annex.country and annex.year:
            by_country.setdefault(country_key(annex.country), []).append(annex)
    return {country: sorted(group, key=lambda a: a.year) for country, group in sorted(by_country.items())}


def earlier_edition(annex: Annex, group: Sequence[Annex]) -> Annex | None:
    """The edition `annex` compares itself with: same country, the year it names as previous."""
    if annex.previous_year is None:
        return None
    candidates = [other for other in group if other.year == annex.previous_year and other is not annex]
    return candidates[0] if candidates else None


def _agrees(change: Change, now: Rating, before: Rating) -> bool:
    step = now.points - before.points
    return {Change.INCREASE: step > 0, Change.DECREASE: step < 0, Change.UNCHANGED: step == 0}[change]


def check_changes(later: Annex, earlier: Annex) -> Iterator[Issue]:
    for now, before in pair_indicators(later.indicators, earlier.indicators):
        if not (isinstance(now.change, Change) and isinstance(now.rating, Rating) and isinstance(before.rating, Rating)):
            continue
        if _agrees(now.change, now.rating, before.rating):
            continue
        yield make_issue(
            Code.CHANGE_INCONSISTENT,
            f"Indicator {now.number} is marked '{now.change.value}' in {later.year}, but it is rated '{now.rating.value}' "
            f"and was rated '{before.rating.value}' in {earlier.year}.",
            [
                assessment_evidence(now, f"{later.year} edition"),
                assessment_evidence(before, f"{earlier.year} edition", document=earlier.source.file),
            ],
            indicator=now.number,
        )


def check_previous_score(later: Annex, earlier: Annex) -> Iterator[Issue]:
    printed_previous, printed_then = later.scores.stated.previous, earlier.scores.stated.current
    if printed_previous is None or printed_then is None or printed_previous == printed_then:
        return
    message = (
        f"The {later.year} edition prints {printed_previous} as the {earlier.year} score, "
        f"but the {earlier.year} edition prints {printed_then}"
    )
    computed_then = earlier.scores.computed.current
    if computed_then == printed_previous:
        message += f" (its ratings give {computed_then}, so its printed score is the odd one out)"
    yield make_issue(
        Code.PREVIOUS_SCORE_MISMATCH,
        message + ".",
        [
            printed_evidence(later.scores.printed.previous, str(printed_previous)).model_copy(update={"side": f"{later.year} edition"}),
            printed_evidence(earlier.scores.printed.current, str(printed_then), document=earlier.source.file).model_copy(
                update={"side": f"{earlier.year} edition"}
            ),
        ],
    )


def duplicate_editions(annexes: Sequence[Annex], paths: Sequence[str]) -> dict[int, tuple[int, str]]:
    """The annexes that repeat an edition: index -> (index of the copy kept, why). The same
    edition is the same file (sha256), or the same country and year; of the copies, the one
    whose path sorts first, compared without the extension, is kept: `fiji-2022.pdf` before
    `fiji-2022 (1).pdf`, the name a download gives a second copy."""
    first_of_file: dict[str, int] = {}
    first_of_edition: dict[tuple[str, int], int] = {}
    repeats: dict[int, tuple[int, str]] = {}
    for index in sorted(range(len(annexes)), key=lambda k: (_without_extension(paths[k]), paths[k])):
        annex = annexes[index]
        edition = (country_key(annex.country), annex.year) if annex.country and annex.year else None
        if annex.source.sha256 in first_of_file:
            repeats[index] = (first_of_file[annex.source.sha256], "the same file")
        elif edition in first_of_edition:
            repeats[index] = (first_of_edition[edition], f"the same edition ({annex.country} {annex.year})")
        else:
            first_of_file[annex.source.sha256] = index
            if edition is not None:
                first_of_edition[edition] = index
    return repeats


def _without_extension(path: str) -> str:
    pure = PurePath(path)
    return str(pure.with_name(pure.stem)) if pure.stem else path


def duplicate_finding(copy: Annex, copy_path: str, kept: Annex, kept_path: str, why: str) -> Issue:
    """The `duplicate_edition` finding of an annex left out as a copy of `kept`."""
    issue = make_issue(
        Code.DUPLICATE_EDITION,
        f"{copy_path} is {why} as {kept_path}: it is left out of the checks and of the export.",
        [
            Evidence(side="this copy", text=copy_path),
            Evidence(side="the copy kept", text=kept_path, document=kept.source.file),
        ],
        pages=[],
    )
    return identify(copy, [issue])[0]


def check_archive(annexes: Sequence[Annex]) -> list[ArchiveFinding]:
    """Every cross-edition finding among `annexes` (each edition checked against the one it names as previous)."""
    findings: list[ArchiveFinding] = []
    for group in editions(annexes).values():
        for annex in group:
            earlier = earlier_edition(annex, group)
            if earlier is None:
                continue
            found = [*check_previous_score(annex, earlier), *check_changes(annex, earlier)]
            for issue in identify(annex, found, [earlier] * len(found)):
                findings.append(ArchiveFinding(annex.source.file, issue))
    return findings
