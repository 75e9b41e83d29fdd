"""Sentences stage: the sentence each citation marker supports."""
from __future__ import annotations

from annexparse.sentences import sentence_spans, supported_sentence
from helpers import extracted

NOTE = "Mongolia signed the treaty. It has not ratified it. Reports differ."


def test_a_marker_supports_the_sentence_it_ends_or_stands_in():
    spans = sentence_spans(NOTE)
    assert supported_sentence(NOTE, NOTE.index(" It"), spans) == "Mongolia signed the treaty."
    assert supported_sentence(NOTE, NOTE.index("ratified"), spans) == "It has not ratified it."
    assert supported_sentence(NOTE, len(NOTE), spans) == "Reports differ."


def test_real_marker_sentence():
    marker = extracted("cambodia-2022").indicators[7].citation_markers[2]
    assert marker.sentence.startswith("The government has been criticised")
