"""Stage 9 (sentences): the sentence each citation marker supports.

Found with spaCy's blank English pipeline and its rule-based sentencizer (no
model is downloaded). spaCy takes a second to import, and only this stage
needs it, so it is imported on first use.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .models import Annex


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
