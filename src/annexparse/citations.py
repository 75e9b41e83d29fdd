"""Stage 7 (citations): every footnote marker linked to its footnote.

Each marker keeps its offset in the note; the sentence it supports is found
with spaCy's blank English pipeline and its rule-based sentencizer (no model
is downloaded). Each footnote learns which indicators cite it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .indicators import Marker
from .models import Box


@dataclass(frozen=True)
class Link:
    footnote: int
    offset: int
    page: int
    sentence: str
    resolved: bool
    box: Box | None = None


@lru_cache(maxsize=1)
def _sentencizer():
    import spacy  # imported here: start-up of commands that need no sentences stays fast

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of the sentences of `text`."""
    if not text.strip():
        return []
    return [(sent.start_char, sent.end_char) for sent in _sentencizer()(text).sents]


def supported_sentence(text: str, offset: int, spans: Sequence[tuple[int, int]]) -> str:
    """The sentence a marker at `offset` supports: the one ending at or containing it."""
    for start, end in spans:
        if start < offset <= end or (offset == 0 and start == 0):
            return text[start:end].strip()
    return ""


def link(note: str, markers: Sequence[Marker], footnote_numbers: set[int]) -> list[Link]:
    spans = sentence_spans(note) if markers else []
    return [
        Link(
            marker.footnote,
            marker.offset,
            marker.page,
            supported_sentence(note, marker.offset, spans),
            marker.footnote in footnote_numbers,
            marker.box,
        )
        for marker in markers
    ]


def cited_numbers(markers: Sequence[Marker]) -> list[int]:
    """Footnote numbers in order of first appearance."""
    seen: list[int] = []
    for marker in markers:
        if marker.footnote not in seen:
            seen.append(marker.footnote)
    return seen
