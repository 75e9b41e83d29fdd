"""Self-check stage: a reading broken on purpose is read right through another reading, or named
by a reading finding; it never becomes the document's inconsistency (issue 25).

Each test breaks the reading of an annex whose gold has no findings (timor-leste-2019): its
page model (a page's rating column dropped), or a stage (the column edges shifted so that two
columns run together, the rows merged two by two).
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import pytest

import annexparse.pipeline as pipeline
import annexparse.tables as tables_stage
from annexparse.layout import lay_out
from annexparse.load import load
from annexparse.models import Category, Code, Column, StitchedRow
from annexparse.selfcheck import check_reading
from annexparse.tables import find_tables
from helpers import FIXTURES

NAME = "timor-leste-2019"  # its gold holds no finding


@lru_cache(maxsize=None)
def document():
    return load(FIXTURES / f"{NAME}.pdf")


@lru_cache(maxsize=None)
def unbroken():
    return pipeline.complete(pipeline.read_document(document()))


def extracted(doc=None):
    return pipeline.complete(pipeline.read_document(doc or document()))


def document_findings(annex):
    return [issue for issue in annex.issues if issue.code.category is Category.DOCUMENT]


def reading_findings(annex, page=None):
    return [i for i in annex.issues if i.code in (Code.READING_IMPLAUSIBLE, Code.READING_INCOMPLETE) and (page is None or page in i.pages)]


def read_as_unbroken(annex, page: int) -> bool:
    """True when the rows printed on `page` read as they do in the unbroken annex."""

    def rows(a):
        return [(i.indicator, i.rating, i.change, i.note) for i in a.indicators if page in i.pages]

    return rows(annex) == rows(unbroken())


def test_the_unbroken_annex_passes_its_checks():
    annex = unbroken()
    assert annex.issues == [] and len(annex.indicators) == 36


def table_page(number_in_table: int):
    return find_tables(lay_out(document())).detailed.pages[number_in_table]


def test_a_page_whose_rating_column_is_dropped_is_not_read():
    """The glyphs of one page's assessment column removed (a rating column the reading lost):
    that page is named by a reading finding, and no document finding comes of it."""
    target = table_page(2)
    left, right = target.edges(Column.ASSESSMENT)
    pages = list(document().pages)
    k = target.page - 1
    kept = tuple(c for c in pages[k].chars if not (left <= (c.x0 + c.x1) / 2 < right and c.top > target.top))
    pages[k] = replace(pages[k], chars=kept)
    annex = extracted(replace(document(), pages=tuple(pages)))
    assert document_findings(annex) == []
    assert read_as_unbroken(annex, target.page) or reading_findings(annex, target.page)


def test_column_edges_shifted_so_that_two_columns_run_together(monkeypatch):
    """The edge between the indicator and assessment columns moved left, into the wordings."""
    original = tables_stage._boundaries

    def shifted(layout, header, cells, settings):
        edges = list(original(layout, header, cells, settings))
        edges[2] = edges[1] + 0.4 * (edges[2] - edges[1])
        return tuple(edges)

    monkeypatch.setattr(tables_stage, "_boundaries", shifted)
    annex = extracted()
    assert document_findings(annex) == []
    pages = sorted({p for i in unbroken().indicators for p in i.pages})
    assert all(read_as_unbroken(annex, page) or reading_findings(annex, page) for page in pages)
    assert reading_findings(annex)


def test_rows_merged_two_by_two(monkeypatch):
    original = pipeline.stitch

    def merged(table, settings):
        rows = original(table, settings)
        return [StitchedRow(a.fragments + b.fragments, a.thematic_area) for a, b in zip(rows[::2], rows[1::2])]

    monkeypatch.setattr(pipeline, "stitch", merged)
    annex = extracted()
    assert document_findings(annex) == []
    assert reading_findings(annex)


@pytest.mark.parametrize("name", ["cambodia-2019", "japan-2023", "philippines-2022", "viet-nam-2023"])
def test_annexes_read_right_pass_their_checks(name):
    """No reading finding where the reading is right: the checks pass on annexes whose gold holds
    no finding (and the corpora's annexes with misprints pass them too: `tests/test_acceptance.py`)."""
    layouts = lay_out(load(FIXTURES / f"{name}.pdf"))
    from annexparse.footnotes import collect_footnotes
    from annexparse.indicators import read_indicators
    from annexparse.rows import stitch
    from annexparse.summary import read_summary

    tables = find_tables(layouts)
    texts = read_indicators(stitch(tables.detailed))
    summary = read_summary(tables.scorecard, layouts, texts)
    check = check_reading(tables, texts, summary, collect_footnotes(layouts).items, layouts)
    assert (check.failures, check.findings) == (0, [])
