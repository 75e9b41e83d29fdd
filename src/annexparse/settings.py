"""Every threshold the stages use: one settings dataclass per stage, with its defaults.

Each field says its unit and what it is relative to. Most are fractions of a
font size (the line's, a glyph's or the body text's), so they hold for an
annex set at any size; the few absolute ones (points) are labelled so. A
settings object validates itself when it is built (as pdfplumber's
`TableSettings` does), so a bad value fails at once with a message.

Settings are internal for now: the pipeline runs with `DEFAULT`. docs/architecture.md's
table of settings is `markdown_table()`, checked by `tests/test_settings.py`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

PT = "pt (absolute)"
OF_LINE = "x the line's font size"
OF_GLYPH = "x the glyph's font size"
OF_BODY = "x the body text size"
OF_PAGE_HEIGHT = "x the page height"
OF_PAGE_WIDTH = "x the page width"
EM = "x the glyph's em"
COUNT = "count"
FRACTION = "fraction"


def setting(default: float, unit: str, doc: str, low: float = 0.0, high: float = math.inf):
    """A settings field: its default, unit, one-line meaning and allowed range [low, high]."""
    return field(default=default, metadata={"unit": unit, "doc": doc, "low": low, "high": high})


class _Validated:
    def __post_init__(self) -> None:
        for spec in fields(self):  # type: ignore[arg-type]
            value = getattr(self, spec.name)
            if isinstance(value, _Validated):
                continue
            low, high = spec.metadata["low"], spec.metadata["high"]
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) or not low <= value <= high:
                raise ValueError(f"{type(self).__name__}.{spec.name} must be a number in [{low}, {high}], not {value!r}")


@dataclass(frozen=True)
class LoadSettings(_Validated):
    """The page model every loader gives."""

    ascent: float = setting(0.8, EM, "a glyph's box reaches this far above its baseline", 0.0, 2.0)
    descent: float = setting(0.2, EM, "and this far below it", 0.0, 2.0)
    precision: int = setting(3, "decimals of a point", "coordinates are rounded to this many decimals", 0, 6)
    max_page_side: float = setting(14400.0, PT, "a page box side longer than this (the PDF limit, 200 inches), or not positive, is absurd", 1.0)
    box_margin: float = setting(36.0, PT, "a page whose box is absurd gets the box its content occupies, this much wider on every side")
    resident_pages: int = setting(48, COUNT, "the glyphs of this many pages stay in memory; a longer annex keeps the rest's in a temporary file")
    figure_height: float = setting(0.7, EM, "a lining figure's ink is this tall (a superscript figure's size is its ink height over this)", 0.1, 1.0)
    raised_figure_height: float = setting(0.55, EM, "a figure whose ink is at most this tall", 0.0, 1.0)
    raised_figure_lift: float = setting(0.25, EM, "and stands at least this far above the baseline is a superscript the font draws", 0.0, 1.0)


@dataclass(frozen=True)
class LineSettings(_Validated):
    """Glyphs into lines and lines into blocks (shared by layout, tables and the stages after)."""

    baseline_tolerance: float = setting(1.0, PT, "glyphs whose baselines differ by less than this stand on one line")
    superscript_size: float = setting(0.8, OF_LINE, "a superscript is at most this size", 0.0, 1.0)
    superscript_min_raise: float = setting(0.12, OF_LINE, "and its baseline is raised by at least this")
    superscript_max_raise: float = setting(0.9, OF_LINE, "and by at most this")
    superscript_reach_right: float = setting(1.0, OF_LINE, "a superscript stands at most this far right of its line's text")
    superscript_reach_left: float = setting(2.0, OF_LINE, "and at most this far left of it")
    word_gap: float = setting(0.22, OF_LINE, "a gap between glyphs wider than this is a space")
    block_pitch: float = setting(1.45, OF_LINE, "a baseline step wider than this starts a new block (cell, paragraph)")
    duplicate_grid: float = setting(1.0, PT, "a glyph drawn again within this grid (fake bold, shadow) counts once", 0.001)
    hyphenation_evidence: int = setting(3, COUNT, "a document hyphenates words at line ends when at least this many of its line-end hyphens break words it prints whole elsewhere (and they outnumber the compounds two to one)", 1)


@dataclass(frozen=True)
class LayoutSettings(_Validated):
    """Pages into zones: running furniture, body, footnote area; glyphs no reader can see; text layer damage."""

    invisible_size: float = setting(0.2, OF_BODY, "a glyph smaller than this no reader can see (a text-injection trick): it is left out", 0.0, 1.0)
    damaged_share: float = setting(0.05, FRACTION, "a page whose glyphs are this share or more control, replacement or stacked glyphs (or whose letters are of no Latin script: an annex is written in English) has a damaged text layer", 0.0, 1.0)
    stacked_share: float = setting(0.5, FRACTION, "a font whose glyphs stand on the glyph before them in this share or more (and at least `stacked_glyphs`) has unusable widths: the page's text layer is damaged", 0.0, 1.0)
    stacked_glyphs: int = setting(8, COUNT, "the glyphs of one font that must stand on one another before they say so")
    foreign_letters: int = setting(20, COUNT, "and a page has at least this many letters of no Latin script before they say its text's mapping is broken")

    furniture_band: float = setting(0.1, "x the page's longer side", "running headers and page numbers stand in the top or bottom band this tall", 0.0, 0.5)
    furniture_height_step: float = setting(4.0, PT, "running lines count as at the same place (from the top, or from the foot) within this step", 0.001)
    furniture_min_pages: int = setting(3, COUNT, "a running line repeats on at least this many pages")
    furniture_page_share: float = setting(0.5, FRACTION, "and on at least this share of the pages", 0.0, 1.0)
    separator_min_width: float = setting(2.0, OF_BODY, "a footnote separator rule is at least this wide")
    separator_max_width: float = setting(0.45, OF_PAGE_WIDTH, "and at most this wide", 0.0, 1.0)
    separator_margin: float = setting(0.6, OF_BODY, "and starts within this of the text's left margin")
    separator_min_top: float = setting(0.3, OF_PAGE_HEIGHT, "and stands below this height", 0.0, 1.0)
    separator_slack: float = setting(1.0, PT, "a line whose top is at most this above the rule is below it")
    underline_depth: float = setting(0.35, OF_LINE, "a rule at most this far below a line's baseline, under its text, underlines it (not a separator)")
    underline_rise: float = setting(0.05, OF_LINE, "or at most this far above the baseline")
    footnote_size: float = setting(0.95, OF_BODY, "lines under a separator smaller than this are footnotes", 0.0, 1.0)
    footnote_run_size: float = setting(0.9, OF_BODY, "without a separator: the run of lines smaller than this at a page's foot", 0.0, 1.0)


@dataclass(frozen=True)
class TableSettings(_Validated):
    """Tables found by their header rows, cut into columns and row fragments."""

    word_gap: float = setting(0.25, OF_GLYPH, "header words: a gap wider than this separates two words")
    header_max_lead: int = setting(1, COUNT, "a header row has at most this many words before its first title")
    header_max_words: int = setting(3, COUNT, "and at most this many words per column title")
    rule_reach: float = setting(2.0, PT, "a column rule reaches to within this of the header row")
    rule_slack: float = setting(1.0, PT, "a column rule stands within this of the gap between two header titles")
    borderless_margin: float = setting(0.4, "x the header's font size", "without rules, the table's left edge is this far left of its first title")
    river_fallback: float = setting(1.0, PT, "with no gap between two titles, the edge is this far left of the second")
    edge_inset: float = setting(0.25, "x the header's font size", "a borderless column edge stands this far left of the river's right side (where the next column's text starts)")
    edge_straddle: float = setting(0.5, PT, "a glyph reaching this far over a column edge on both sides straddles it")
    cell_gap: float = setting(0.25, OF_GLYPH, "text on both sides of a column edge closer than this runs across it")
    column_gap: float = setting(0.8, OF_GLYPH, "a gap between glyphs wider than this near a column edge separates two cells' texts")
    edge_window: float = setting(1.5, OF_GLYPH, "how near a column edge that gap must be")
    heading_size: float = setting(1.15, "x the table's largest line size", "a line this much larger than the table's text is a heading below it", 1.0)
    left_slack: float = setting(0.2, OF_LINE, "a line starting this far left of the table's left edge is not in the table")
    top_slack: float = setting(1.0, PT, "the table's region starts this far above its first line")
    bottom_slack: float = setting(0.5, PT, "and ends this far below its last line")
    region_slack: float = setting(1.0, PT, "a glyph may reach this far below the region and still be in it")
    rule_band: float = setting(2.0, PT, "horizontal rules within this of the table's region are its rules")
    rule_min_length: float = setting(1.0, "x the table's text size", "a horizontal rule shorter than this is not a row rule")
    rule_cover_slack: float = setting(2.0, PT, "a rule separates two lines of a column when it spans the column within this")
    rule_below_line: float = setting(0.5, OF_LINE, "a rule separates two lines when it stands above the lower one's top plus this")
    lineup_lines: int = setting(3, COUNT, "a page without a header row lines up with the table when its first this many lines stay inside the columns", 1)
    row_tolerance: float = setting(0.6, OF_LINE, "row starts in different columns closer than this are one row start")
    row_anchors: int = setting(0, "0, 1 or 2", "where the detailed table's wordings and ratings stand in their rows: 0 as the notes show (`anchors_at_top`), 1 at the top, 2 in the middle (an alternative reading)", 0, 2)
    rules: int = setting(1, "0 or 1", "1: horizontal rules and fills cut a table's columns into blocks and close its rows; 0: the page read without them (an alternative reading)", 0, 1)
    column_rules: int = setting(1, "0 or 1", "1: column edges stand at the vertical rules where they are drawn; 0: at the white river between the titles only (an alternative reading)", 0, 1)
    block_step: float = setting(0.05, OF_LINE, "a note line standing further below the line above than the notes' line pitch plus this opens a block (a row, a paragraph)")
    anchors_at_top: float = setting(0.5, FRACTION, "the wordings and ratings stand at the top of their rows when at least this share of the rows' notes open on their first line; else a row's boundary is looked for between its anchors and the previous row's", 0.0, 1.0)


@dataclass(frozen=True)
class IndicatorSettings(_Validated):
    """Notes into paragraphs and list items."""

    item_indent: float = setting(0.2, OF_LINE, "a line indented more than this under a list item's first line goes on with the item")


@dataclass(frozen=True)
class SummarySettings(_Validated):
    """The summary scorecard: rating labels to their groups of items."""

    tie: float = setting(0.05, PT, "label fits closer than this are equally good (then the fewer items carried over a page break wins)")
    label_misfit: float = setting(1.0, "x the labels' font size", "labels that stand further than this on average from their groups' top, middle or bottom are a doubtful reading (unless the detailed table confirms the grouping)")
    item_gap: float = setting(0.15, OF_LINE, "a baseline step this much wider than an item's own line pitch separates two scorecard items")
    misprint_share: float = setting(0.15, FRACTION, "a grouping that rates more than this share of the items otherwise than the detailed table is not taken from the rules alone", 0.0, 1.0)


@dataclass(frozen=True)
class FootnoteSettings(_Validated):
    """Footnote areas into numbered footnotes."""

    label_indent: float = setting(0.35, OF_LINE, "a plain footnote number stands within this of the area's left edge")
    max_skip: int = setting(10, COUNT, "a plain number more than this past the last footnote is text, not a footnote number")


@dataclass(frozen=True)
class ReadingSettings(_Validated):
    """What a reading must pass before it becomes data (`selfcheck`): every annex holds a row
    per indicator, each with a wording and a rating, as many rows as its scorecard lists, and its
    footnotes in sequence. A printed annex may itself break a few of these (a row printed twice,
    an unknown rating word, an item missing from the scorecard): that is a misprint, which the
    document checks report. A misreading breaks many."""

    misprints: int = setting(3, COUNT, "a printed annex breaks the reading's checks at most this many times (rows, items or footnotes): more is a misreading")
    page_share: float = setting(0.5, FRACTION, "a page more than this share of whose rows (and at least two) fail the checks is not read", 0.0, 1.0)


@dataclass(frozen=True)
class CheckSettings(_Validated):
    """The document checks."""

    expected_indicators: int = setting(36, COUNT, "the number of indicators of the annex format")
    variant_similarity: float = setting(0.6, "similarity ratio (difflib)", "two wordings this alike are one indicator worded twice", 0.0, 1.0)


@dataclass(frozen=True)
class Settings(_Validated):
    """One settings object per stage."""

    load: LoadSettings = field(default_factory=LoadSettings)
    lines: LineSettings = field(default_factory=LineSettings)
    layout: LayoutSettings = field(default_factory=LayoutSettings)
    tables: TableSettings = field(default_factory=TableSettings)
    indicators: IndicatorSettings = field(default_factory=IndicatorSettings)
    summary: SummarySettings = field(default_factory=SummarySettings)
    footnotes: FootnoteSettings = field(default_factory=FootnoteSettings)
    reading: ReadingSettings = field(default_factory=ReadingSettings)
    checks: CheckSettings = field(default_factory=CheckSettings)


DEFAULT = Settings()


def markdown_table(settings: Settings = DEFAULT) -> str:
    """The table of settings in docs/architecture.md: one row per threshold, with its default, unit and meaning."""
    rows = ["| setting | default | unit | meaning |", "|---|---|---|---|"]
    for group in fields(settings):
        stage = getattr(settings, group.name)
        for spec in fields(stage):
            rows.append(f"| `{group.name}.{spec.name}` | {getattr(stage, spec.name)} | {spec.metadata['unit']} | {spec.metadata['doc']} |")
    return "\n".join(rows)
