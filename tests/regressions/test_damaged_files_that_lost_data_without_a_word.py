"""Three damaged annexes that lost data with exit 0 and no damage finding, and blamed the
document instead (issue 27; ../shared/fuzz-cases, copied here): each is now read fully, or
exits 0 with an error-severity reading finding naming the damage, and gives no document finding
its undamaged original does not have.
"""
from __future__ import annotations

import json
from functools import lru_cache

import annexparse
from annexparse.models import Category
from gold_compare import compare
from helpers import FIXTURES, REGRESSIONS


@lru_cache(maxsize=None)
def original(name: str):
    return annexparse.extract(FIXTURES / f"{name}.pdf")


def document_codes(annex) -> set:
    return {(i.code, i.indicator, i.footnote) for i in annex.issues if i.code.category is Category.DOCUMENT}


def test_a_font_whose_widths_were_emptied_is_named():
    """One font's /Widths emptied (the italic, a few dozen glyphs a page): its glyphs stand on
    one another, under the 5% of a page's glyphs that named a damaged text layer (83% of the
    fields kept, and a score_mismatch the original does not have)."""
    annex = annexparse.extract(REGRESSIONS / "cambodia-2022-widths-empty.pdf")
    (damaged,) = [i for i in annex.issues if i.code == "text_layer_damaged" and "Carlito-Italic" in i.message]
    assert damaged.severity == "error" and damaged.pages[0] == 5 and len(damaged.pages) >= 10
    assert document_codes(annex) <= document_codes(original("cambodia-2022"))


def test_a_page_tree_that_loops_through_a_page_is_named():
    """Page 17's object turned into a /Pages node whose only kid is the root: PDFium numbers the
    loop as page 17 and shows page 1's text there; the rows of page 17 were lost in silence."""
    annex = annexparse.extract(REGRESSIONS / "afghanistan-2022-pagetree-cycle.pdf")
    repaired = [i for i in annex.issues if i.code == "document_repaired"]
    assert repaired and repaired[0].severity == "error" and "loops back on itself at page 17" in repaired[0].message
    assert 17 in repaired[0].pages or any(i.code == "page_unreadable" and i.pages == [17] for i in annex.issues)
    assert document_codes(annex) <= document_codes(original("wp/afghanistan-2022"))


def test_a_page_dictionary_nested_ten_thousand_levels_deep_is_read_by_the_other_library():
    """PDFium reads no text on a page whose dictionary holds 10,000 levels of nesting; pdfminer
    does: the page is taken from it (57% of the fields were kept)."""
    annex = annexparse.extract(REGRESSIONS / "solomon-islands-2023-deep-nesting.pdf")
    (repaired,) = [i for i in annex.issues if i.code == "document_repaired"]
    assert repaired.severity == "warning" and repaired.pages == [5] and "Nothing was lost" in repaired.message
    gold = json.loads(original("wp/solomon-islands-2023").model_dump_json())
    assert compare(gold, json.loads(annex.model_dump_json())).accuracy == 1.0
    assert document_codes(annex) == document_codes(original("wp/solomon-islands-2023"))
