"""Which indicators are the same indicator: in the scorecard and the detailed table, in two
editions, in the columns of the report's heat map, and which of the annex format's 36 standard
indicators a row is (its `key`). One function, `pair_wordings`, decides for all of them.

Two wordings are the same indicator when they are equal with case and
punctuation ignored (`text.wording_key`). What is left is paired by
similarity (difflib's ratio of the keys, at least `min_similarity`), best
pairs first; across editions only rows of the same number are candidates.
"""
from __future__ import annotations

import difflib
import json
import math
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import TypeVar

from .models import Indicator
from .settings import DEFAULT
from .text import join_lines, wording_key

T = TypeVar("T")


def similarity(first: str, second: str) -> float:
    """How alike two wordings are, from 0 to 1 (difflib's ratio, case and punctuation ignored)."""
    return difflib.SequenceMatcher(None, wording_key(first), wording_key(second)).ratio()


def pair_wordings(
    left: Sequence[str],
    right: Sequence[str],
    min_similarity: float = DEFAULT.checks.variant_similarity,
    left_numbers: Sequence[int] | None = None,
    right_numbers: Sequence[int] | None = None,
) -> list[tuple[int, int, bool]]:
    """Pairs (left index, right index, same wording), each index in at most one pair.

    First every left wording takes the first unpaired right one with the same
    key, in order; then the rest pair by similarity, best first, down to
    `min_similarity`. With numbers, only items of the same number pair by
    similarity (rows of two editions).
    """
    by_key: dict[str, list[int]] = {}
    for k, text in enumerate(right):
        by_key.setdefault(wording_key(text), []).append(k)
    pairs: list[tuple[int, int, bool]] = []
    free_left: list[int] = []
    for s, text in enumerate(left):
        candidates = by_key.get(wording_key(text))
        if candidates:
            pairs.append((s, candidates.pop(0), True))
        else:
            free_left.append(s)
    paired = {k for _, k, _ in pairs}
    free_right = [k for k in range(len(right)) if k not in paired]
    numbered = left_numbers is not None and right_numbers is not None
    scored = sorted(
        (
            (difflib.SequenceMatcher(None, wording_key(left[s]), wording_key(right[k])).ratio(), s, k)
            for s in free_left
            for k in free_right
            if not numbered or left_numbers[s] == right_numbers[k]
        ),
        reverse=True,
    )
    taken_left, taken_right = set(), set()
    for ratio, s, k in scored:
        if ratio < min_similarity or s in taken_left or k in taken_right:
            continue
        pairs.append((s, k, False))
        taken_left.add(s)
        taken_right.add(k)
    return pairs


def pair_indicators(
    later: Sequence[Indicator], earlier: Sequence[Indicator], min_similarity: float = DEFAULT.checks.variant_similarity
) -> list[tuple[Indicator, Indicator]]:
    """(later, earlier) indicators that are the same indicator, in the later edition's order:
    same wording, else the same number and a similar wording."""
    pairs = pair_wordings(
        [i.indicator for i in later],
        [i.indicator for i in earlier],
        min_similarity,
        [i.number for i in later],
        [i.number for i in earlier],
    )
    return [(later[s], earlier[k]) for s, k, _ in sorted(pairs)]


@lru_cache(maxsize=1)
def _format() -> dict:
    return json.loads(resources.files("annexparse").joinpath("data/indicators.json").read_text(encoding="utf-8"))


def standard_indicators() -> tuple[dict, ...]:
    """The annex format's 36 indicators (package data `data/indicators.json`): `key` ("A3.4": the
    fourth indicator of thematic area 3), `area`, `thematic_area`, `number`, `indicator` (the wording)."""
    return tuple(_format()["indicators"])


def thematic_areas() -> tuple[dict, ...]:
    """The annex format's six thematic areas (package data): `area` (its number) and `name`."""
    return tuple(_format()["thematic_areas"])


def repeated_rows(wordings: Sequence[str]) -> set[int]:
    """Indices of the rows whose wording an earlier row already printed (case and punctuation aside)."""
    seen: set[str] = set()
    repeated = set()
    for k, text in enumerate(wordings):
        key = wording_key(text)
        if key in seen:
            repeated.add(k)
        seen.add(key)
    return repeated


def _first_printings(wordings: Sequence[str]) -> list[int]:
    """Indices of the rows that do not repeat an earlier row (see `repeated_rows`)."""
    repeated = repeated_rows(wordings)
    return [k for k in range(len(wordings)) if k not in repeated]


def pair_scorecard(
    items: Sequence[str], rows: Sequence[str], min_similarity: float = DEFAULT.checks.variant_similarity
) -> list[tuple[int, int, bool]]:
    """Pairs (scorecard item index, detailed-table row index, same wording); a row that repeats
    an earlier row pairs with nothing."""
    kept = _first_printings(rows)
    return [(s, kept[k], same) for s, k, same in pair_wordings(items, [rows[k] for k in kept], min_similarity)]


def scorecard_items(items: Sequence[str], rows: Sequence[str], min_similarity: float = DEFAULT.checks.variant_similarity) -> list[int | None]:
    """For each detailed-table row (its wording), the index of the scorecard item (by wording)
    `pair_scorecard` pairs it with, or None."""
    paired: list[int | None] = [None] * len(rows)
    for s, k, _ in pair_scorecard(items, rows, min_similarity):
        paired[k] = s
    return paired


def standard_keys(wordings: Sequence[str], min_similarity: float = DEFAULT.checks.variant_similarity) -> list[str | None]:
    """The standard key of each row's wording (by `pair_wordings`, whatever the row's number:
    an edition that prints a row twice shifts the numbers after it), or None: a row that matches
    no standard indicator, or repeats an earlier row (the first printing keeps the key)."""
    standard = standard_indicators()
    rows = _first_printings(wordings)
    keys: list[str | None] = [None] * len(wordings)
    for s, k, _ in pair_wordings([wordings[r] for r in rows], [i["indicator"] for i in standard], min_similarity):
        keys[rows[s]] = standard[k]["key"]
    return keys


@lru_cache(maxsize=8)
def wording_keys(wordings: tuple[str, ...]) -> frozenset[str]:
    """The keys (`text.wording_key`) of `wordings`."""
    return frozenset(map(wording_key, wordings))


@lru_cache(maxsize=8)
def _openings(keys: frozenset[str]) -> frozenset[str]:
    """The first two words of each key."""
    return frozenset(" ".join(key.split()[:2]) for key in keys)


def standard_wordings() -> tuple[str, ...]:
    """The wordings of the annex format's 36 indicators."""
    return tuple(indicator["indicator"] for indicator in standard_indicators())


def split_wordings(items: Sequence[T], texts: Sequence[str], keys: frozenset[str], min_similarity: float = DEFAULT.checks.variant_similarity) -> list[list[T]]:
    """`items` (the lines of a block, whose texts are `texts`) as one group, or as several where
    their text is several of the wordings whose keys are `keys` (`wording_keys`; each part at
    least `min_similarity` alike) and reads closer so than as one: the split that leaves the
    fewest characters unlike the wording nearest each part (items set one under the other
    without a gap: scorecard items, the wordings of two rows of a tight table)."""
    if len(items) < 2:
        return [list(items)]
    openings = _openings(keys)
    if not any(" ".join(wording_key(text).split()[:2]) in openings for text in texts[1:]):
        return [list(items)]  # no line but the first opens like a wording: nothing to split
    if wording_key(join_lines(texts)) in keys:
        return [list(items)]
    longest = max(map(len, keys), default=0)

    @lru_cache(maxsize=None)
    def cost(start: int, end: int) -> float:
        key = wording_key(join_lines(texts[start:end]))
        if key in keys:
            return 0.0
        if len(key) * min_similarity > longest:  # longer than any wording can be and still be like it
            return math.inf
        matcher = difflib.SequenceMatcher(None, "", key)
        best = 0.0
        for other in keys:
            matcher.set_seq1(other)
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                best = max(best, matcher.ratio())
        return (1 - best) * len(key) if best >= min_similarity else math.inf

    n = len(items)
    best_cost = [0.0] + [math.inf] * n
    cut = [0] * (n + 1)
    for end in range(1, n + 1):
        for start in range(end):
            if best_cost[start] == math.inf:
                continue
            value = best_cost[start] + cost(start, end)
            if value < best_cost[end]:
                best_cost[end], cut[end] = value, start
    if best_cost[n] >= cost(0, n):
        return [list(items)]
    parts, end = [], n
    while end:
        parts.append(list(items[cut[end] : end]))
        end = cut[end]
    return parts[::-1]
