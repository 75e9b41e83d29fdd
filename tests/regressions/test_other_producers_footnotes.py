"""Footnotes, URLs, calls and the scorecard of annexes typeset by other producers (issue 12)."""
from __future__ import annotations

from functools import lru_cache

from annexparse.footnotes import collect_footnotes, shown_urls
from annexparse.indicators import read_indicators
from annexparse.layout import lay_out
from annexparse.load import load
from annexparse.models import Rating
from annexparse.rows import stitch
from annexparse.summary import read_summary
from annexparse.tables import find_tables
from helpers import REGRESSIONS, document, page, word


@lru_cache(maxsize=None)
def pages(name: str):
    return tuple(lay_out(load(REGRESSIONS / f"{name}.pdf")))


def test_url_cut_right_after_its_scheme_keeps_it_and_is_not_lost():
    """A URL broken right after 'https://' at a line end lost its scheme, or vanished when the
    rest did not look like a URL (afghanistan-2019 footnotes 20 and 21); the link annotations
    hold the exact targets."""
    urls = {f.number: f.urls for f in collect_footnotes(pages("url-cut-after-its-scheme")).items}
    assert urls[20] == ["https://ganhri.org/wp-content/uploads/2019/09/StatusAccreditationChartNHRIs_15_September_2019.pdf"]
    assert urls[21] == ["https://www.eastasiaforum.org/2017/06/21/afghanistan-at-the-human-rights-council-a-mixed-record/"]


def test_calls_printed_side_by_side_are_told_apart_by_their_order():
    """Calls 1 and 2 printed side by side read as call 12 (bhutan-2023)."""
    texts = read_indicators(stitch(find_tables(pages("calls-printed-side-by-side")).detailed))
    assert [m.footnote for m in texts[0].note.markers] == [1, 2, 3]


def test_score_lines_under_a_scorecard_without_a_closing_rule_are_not_a_rating():
    """The score lines printed under the scorecard were read as the last group's rating, and
    that group's first items took the previous group's (maldives-2022)."""
    layouts = pages("score-lines-under-an-open-scorecard")
    summary = read_summary(find_tables(layouts).scorecard, layouts, [])
    assert len(summary.scorecard) == 36
    assert [r.rating for r in summary.scorecard[-10:]] == [Rating.WEAK] + [Rating.VERY_WEAK] * 9
    assert summary.printed.current.value == 39 and summary.printed.previous.value == 30


def test_footnote_labels_on_the_baseline_and_deferred_footnotes():
    """Labels printed as '1.' on the baseline: nine in ten footnotes were lost in an annex that
    uses them; a footnote printed after later ones (it did not fit on its call's page) is still
    one."""
    footnotes = collect_footnotes(pages("footnote-labels-on-the-baseline"))
    numbers = [f.number for f in footnotes.items]
    assert sorted(numbers) == list(range(1, len(numbers) + 1)) and len(numbers) >= 12
    assert footnotes.items[0].text.startswith("U.S Department of State, 2022.") and footnotes.findings == []


def test_footnote_numbers_of_any_length():
    """'1000.' was not a label (three digits at most): in a 431-page annex every footnote from
    1000 on was lost."""
    lines = []
    for k, number in enumerate(range(998, 1003)):
        lines += word(f"{number}. Source number {number}, p. {k + 1}.", 60, 740 + 10 * k, size=7)
    body = [c for k in range(20) for c in word("A line of the page's body text, long enough to set the body size.", 60, 100 + 14 * k, size=10)]
    layouts = lay_out(document(*(page(n, body + (lines if n == 2 else [])) for n in (1, 2, 3))))
    footnotes = collect_footnotes(layouts).items
    assert [f.number for f in footnotes] == [998, 999, 1000, 1001, 1002]
    assert footnotes[2].text == "Source number 1000, p. 3."


SHOWN = [
    # (printed text, link targets, URLs the footnote shows)
    ("See https:// www.hrw.org/x and more.", ["https://www.hrw.org/x"], ["https://www.hrw.org/x"]),
    ("Both: https://a.org/1; www.b.org/2.", [], ["https://a.org/1", "www.b.org/2"]),
    ("Printed www.c.org/3 only.", ["https://www.c.org/3"], ["www.c.org/3"]),  # the text does not show the scheme
    ("No URL printed here.", ["https://elsewhere.org/"], []),  # an annotation whose text is not in the footnote
    ("Cut https://d.org/a- b/c twice: https://d.org/a-b/c.", ["https://d.org/a-b/c"], ["https://d.org/a-b/c", "https://d.org/a-b/c"]),
]


def test_urls_are_what_the_annotation_and_the_printed_text_agree_on():
    for text, links, expected in SHOWN:
        assert shown_urls(text, links) == expected, text
