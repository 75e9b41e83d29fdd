"""Stages 7 and 8 (citations, sentences): every footnote marker linked to its footnote,
and the sentence it supports.

Each marker keeps its offset in the note; each footnote learns which
indicators cite it. The sentence a marker supports is found afterwards
(`with_sentences`) with spaCy's blank English pipeline and its rule-based
sentencizer (no model is downloaded): spaCy takes a second to import, and
only this stage needs it.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .indicators import Marker
from .models import Annex, Citation


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


def citations(markers: Sequence[Marker]) -> list[Citation]:
    """The note's markers as citations, in reading order (their sentences come later)."""
    return [Citation(footnote=m.footnote, offset=m.offset, page=m.page, box=m.box) for m in markers]


def with_sentences(annex: Annex) -> Annex:
    """`annex` with the sentence each citation marker supports filled in."""
    indicators = []
    for indicator in annex.indicators:
        if indicator.citation_markers:
            spans = sentence_spans(indicator.note)
            markers = [
                marker.model_copy(update={"sentence": supported_sentence(indicator.note, marker.offset, spans)})
                for marker in indicator.citation_markers
            ]
            indicator = indicator.model_copy(update={"citation_markers": markers})
        indicators.append(indicator)
    return annex.model_copy(update={"indicators": indicators})


def cited_numbers(markers: Sequence[Marker]) -> list[int]:
    """Footnote numbers in order of first appearance."""
    seen: list[int] = []
    for marker in markers:
        if marker.footnote not in seen:
            seen.append(marker.footnote)
    return seen
