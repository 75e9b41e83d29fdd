"""The types the stages pass to one another, and the output model.

* `page`: the page model the load stage gives (`Document`, `Page`, `Char`,
  `Segment`, `Rect`) and the lines and zones of the layout stage;
* `reading`: tables, row fragments, stitched rows, indicator and footnote
  texts, the scorecard and the printed scores (never serialised);
* `annex`: the output, a pydantic v2 model (`Annex`) whose JSON is what
  `annexparse extract` prints;
* `findings`: the catalogue of finding codes (`Code`).

Stages import their types from here, never from one another.
"""
from .annex import (
    ANNEX_SCHEMA_ID,
    SCHEMA_VERSION,
    Annex,
    annex_json_schema,
    documented_schema,
    fields_table,
    Box,
    Change,
    ChangeWord,
    Citation,
    ComputedScores,
    CrossCheck,
    CrossCheckPage,
    Evidence,
    Footnote,
    Indicator,
    Issue,
    Printed,
    PrintedScoreLines,
    Rating,
    RatingWord,
    Reference,
    ScorecardItem,
    Scores,
    Source,
    StatedScores,
    points_of,
    word,
)
from .findings import DAMAGE_CODES, SEVERITIES, Category, Code, Scope, Severity, catalogue_table
from .page import BASELINE, BOTTOM, RULE_THICKNESS, SIZE, TOP, VISIBLE, X0, X1, Char, Document, Glyphs, GlyphStore, Line, Link, Page, PageLayout, Rect, Segment, Span, char_field, font_style, glyph_numbers, not_blank, shown_sizes
from .reading import (
    Cell,
    Column,
    Footnotes,
    FootnoteText,
    IndicatorText,
    Linked,
    Marker,
    NoteText,
    PrintedScores,
    ReadingCheck,
    RowFragment,
    ScorecardRow,
    ScoreLine,
    StitchedRow,
    Summary,
    Table,
    TableKind,
    TablePage,
    Tables,
)

__all__ = [
    "ANNEX_SCHEMA_ID", "BASELINE", "BOTTOM", "RULE_THICKNESS", "SIZE", "TOP", "VISIBLE", "X0", "X1", "SCHEMA_VERSION", "SEVERITIES", "Annex", "annex_json_schema", "documented_schema", "fields_table", "Box", "Category", "Cell", "Change", "DAMAGE_CODES",
    "ChangeWord", "Char", "Citation", "Code", "Column", "ComputedScores", "CrossCheck", "CrossCheckPage", "Document", "Evidence", "Footnote",
    "Footnotes", "FootnoteText", "GlyphStore", "Glyphs", "Indicator", "IndicatorText", "Issue", "Linked", "Line", "Link", "Marker", "NoteText", "Page", "PageLayout", "Printed",
    "PrintedScoreLines", "PrintedScores", "Rating", "ReadingCheck", "RatingWord", "Rect", "Reference", "RowFragment", "ScoreLine", "ScorecardItem",
    "ScorecardRow", "Scores", "Scope", "Segment", "Severity", "Source", "Span", "StatedScores", "StitchedRow", "Summary",
    "Table", "TableKind", "TablePage", "Tables", "catalogue_table", "char_field", "font_style", "glyph_numbers", "not_blank", "points_of", "shown_sizes", "word",
]  # fmt: skip
