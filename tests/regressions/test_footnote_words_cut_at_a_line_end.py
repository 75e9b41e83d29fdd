"""Words cut at a footnote line's end, and a scorecard whose start is not in the file (issue 17).

Found while splitting footnotes into references: the footnote text joined every line with a
space, so a word the line break cut after a slash, a hyphen or a period inside a UN symbol came
out with a space in it, and the reference's author or symbol was misprinted.
"""
from __future__ import annotations

from functools import lru_cache

import annexparse
from annexparse.footnotes import collect_footnotes
from annexparse.layout import lay_out
from annexparse.load import load
from helpers import REGRESSIONS


@lru_cache(maxsize=None)
def footnotes(name: str) -> dict[int, str]:
    return {f.number: f.text for f in collect_footnotes(lay_out(load(REGRESSIONS / f"{name}.pdf"))).items}


def test_un_symbol_cut_after_a_slash_has_no_space():
    """'A/HRC/' | '37/18' read 'A/HRC/ 37/18' (afghanistan-2019 footnote 3)."""
    assert "27 July 2018, A/HRC/37/18, para. 121." in footnotes("un-symbol-cut-after-a-slash")[3]


def test_un_symbol_cut_after_a_period_has_no_space():
    """'A/HRC/WG.' | '6/40/SLB/3' read 'A/HRC/WG. 6/40/SLB/3' (solomon-islands-2023 footnote 47)."""
    assert "24 July 2020, A/HRC/WG.6/40/SLB/3, para. 32." in footnotes("un-symbol-cut-after-a-period")[47]


def test_name_cut_after_its_hyphen_has_no_space():
    """'Lee, Min-' | 'jun' read 'Lee, Min- jun' (cambodia-2019 footnote 61)."""
    assert "See also: Lee, Min-jun, 2019." in footnotes("name-cut-after-its-hyphen")[61]


def test_a_sentence_after_a_period_keeps_its_space():
    """Only a period inside a slashed symbol joins: the sentence after 'para. 32.' keeps its space."""
    assert "para. 32. See also:" in footnotes("un-symbol-cut-after-a-period")[47]


def test_scorecard_items_before_the_first_rating_label_are_a_finding_not_a_crash():
    """A file that starts in the middle of the scorecard (its first page cut off) crashed the
    summary stage with an IndexError: the items before the first rating label had no rating
    to inherit. They are left out, with a reading_uncertain finding."""
    annex = annexparse.extract(REGRESSIONS / "un-symbol-cut-after-a-slash.pdf")
    uncertain = [i for i in annex.issues if i.code == "reading_uncertain"]
    assert len(uncertain) == 1 and "before the first rating label" in uncertain[0].message
    assert uncertain[0].pages == [1]
