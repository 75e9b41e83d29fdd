"""The QA report as one self-contained HTML file.

Overview (documents, findings by code and severity), each finding with the
cropped page image of its printed evidence (both sides where there are two),
and an archive view: each country's scores across editions as an SVG chart,
and every indicator's rating across documents as a heat map. Page images are
rendered by the load layer (`loaders.PageImages`) and embedded as PNG data
URIs; the page needs no network and no script.
"""
from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, select_autoescape

from .archive import editions
from .loaders import PageImages
from .models import Annex, Box, Category, Code, Indicator, Rating, word
from .pairing import pair_indicators
from .audit import Finding, Loaded, QaReport
from .sources import SourceSummary, source_summary
from .text import wording_key

RATING_COLOURS = {
    Rating.VERY_STRONG: "#1a7f4b",
    Rating.STRONG: "#6cbf6a",
    Rating.FAIR: "#f2d45c",
    Rating.WEAK: "#f08a4b",
    Rating.VERY_WEAK: "#c8323b",
}
CONTEXT = 26.0  # points of page shown above and below an evidence box
SIDE_CONTEXT = 110.0  # and to its left and right
MIN_CROP_WIDTH = 330.0
CSS_PX_PER_POINT = 96 / 72
STACK_WIDTH = 560  # crops wider than this (CSS px) are shown one under the other
MAX_CROP_HEIGHT = 260.0
RESOLUTION = 120
# the reading findings that say a page (or the table) could not be read: shown apart, with their crops
NOT_READ = (Code.READING_IMPLAUSIBLE, Code.READING_INCOMPLETE, Code.PAGE_UNREADABLE, Code.TEXT_LAYER_DAMAGED)


@dataclass
class Crop:
    uri: str
    width: int  # CSS pixels at the page's printed size


def crop(images: PageImages, document: str, box: Box) -> Crop | None:
    """The part of the page around `box`, the box highlighted, as a PNG data URI; None without the PDF."""
    size = images.page_size(document, box.page)
    if size is None:
        return None
    width, height = size
    top = max(0.0, box.top - CONTEXT)
    bottom = min(height, box.bottom + CONTEXT, top + MAX_CROP_HEIGHT)
    left, right = _span(box.x0 - SIDE_CONTEXT, box.x1 + SIDE_CONTEXT, MIN_CROP_WIDTH, width)
    region = Box(page=box.page, x0=left, top=top, x1=right, bottom=bottom)
    highlight = Box(page=box.page, x0=box.x0 - 2, top=box.top - 2, x1=box.x1 + 2, bottom=min(box.bottom + 2, bottom))
    png = images.png(document, region, highlight)
    if png is None:
        return None
    return Crop("data:image/png;base64," + base64.b64encode(png).decode("ascii"), round((right - left) * CSS_PX_PER_POINT))


def _span(start: float, end: float, minimum: float, limit: float) -> tuple[float, float]:
    """[start, end] widened to at least `minimum` around its middle, kept inside [0, limit]."""
    if end - start < minimum:
        middle = (start + end) / 2
        start, end = middle - minimum / 2, middle + minimum / 2
    if start < 0:
        start, end = 0.0, min(limit, end - start)
    if end > limit:
        start, end = max(0.0, start - (end - limit)), limit
    return start, end


@dataclass
class Side:
    label: str
    text: str
    where: str
    image: Crop | None


@dataclass
class FindingView:
    finding: Finding
    anchor: str
    sides: list[Side] = field(default_factory=list)

    @property
    def stacked(self) -> bool:
        return any(side.image is not None and side.image.width > STACK_WIDTH for side in self.sides)


def _finding_views(report: QaReport, images: PageImages) -> list[FindingView]:
    views = []
    for number, finding in enumerate(report.findings, start=1):
        view = FindingView(finding, f"finding-{number}")
        for side in finding.evidence:
            document = side.document or finding.document
            where = ", ".join(part for part in (side.document, f"page {side.box.page}" if side.box else "") if part)
            image = crop(images, document, side.box) if side.box is not None else None
            view.sides.append(Side(side.side, side.text, where, image))
        views.append(view)
    return views


# ---------------------------------------------------------------------------
# archive view


def score_chart(annexes: Sequence[Annex], width: int = 232, height: int = 150) -> str:
    """SVG chart of one country's scores by year: each edition's printed score (solid, labelled)
    and the score its ratings give (dashed), and the previous score each edition prints (hollow
    squares), also where that earlier edition is not in the archive."""
    left, right, top, bottom = 30, 16, 18, 24
    pad = 16  # keeps a point's label clear of the axis labels
    quoted = [(a.previous_year, a.scores.stated.previous, a.year) for a in annexes if a.previous_year and a.scores.stated.previous is not None]
    years = sorted({a.year for a in annexes if a.year} | {year for year, _, _ in quoted})
    span = max(years[-1] - years[0], 1) if years else 1

    def x(year: int) -> float:
        if len(years) < 2:
            return (left + width - right) / 2
        return left + pad + (year - years[0]) / span * (width - left - right - 2 * pad)

    def y(value: float) -> float:
        return top + (100 - value) / 100 * (height - top - bottom)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    for tick in (0, 25, 50, 75, 100):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" class="axis" text-anchor="end">{tick}</text>')
    for year in years:
        parts.append(f'<text x="{x(year):.1f}" y="{height - 8}" class="axis" text-anchor="middle">{year}</text>')
    for year, previous, by in quoted:
        parts.append(
            f'<rect x="{x(year) - 3.5:.1f}" y="{y(previous) - 3.5:.1f}" width="7" height="7" class="quoted">'
            f"<title>{year}: {previous}, as the {by} edition prints it</title></rect>"
        )
        below = y(previous) + 16 if y(previous) + 16 < height - bottom else y(previous) - 9  # under it: a printed score's label is above
        parts.append(f'<text x="{x(year):.1f}" y="{below:.1f}" class="value quoted" text-anchor="middle">{previous}</text>')
    for kind in ("computed", "printed"):
        points = []
        for annex in annexes:
            value = annex.scores.stated.current if kind == "printed" else annex.scores.computed.current
            if annex.year and value is not None:
                points.append((x(annex.year), y(value), value))
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
            parts.append(f'<polyline points="{path}" class="{kind}"/>')
        for px, py, value in points:
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" class="{kind}"><title>{kind}: {value}</title></circle>')
            if kind == "printed":
                label_y = py - 9 if py - 9 > top - 4 else py + 16  # under the point where it would leave the chart
                parts.append(f'<text x="{px:.1f}" y="{label_y:.1f}" class="value" text-anchor="middle">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass
class HeatRow:
    number: int
    wording: str
    cells: list[tuple[str, str, bool]]  # colour, tooltip, has a finding


def heat_map(annexes: Sequence[Annex], findings: Sequence[Finding]) -> tuple[list[Annex], list[HeatRow]]:
    """Documents (columns) and indicators (rows) with each cell's rating colour."""
    columns = [a for group in editions(annexes).values() for a in group]
    columns += [a for a in annexes if a not in columns]
    flagged = {(f.document, f.indicator) for f in findings if f.indicator is not None}
    representatives: list[Indicator] = []  # each heat-map row's indicator: its first printing
    row_of_wording: dict[str, int] = {}
    cells: dict[tuple[int, int], tuple[str, str, bool]] = {}
    for column, annex in enumerate(columns):
        row_of = {id(row): k for k, row in enumerate(representatives)}
        paired = {id(mine): row_of[id(row)] for mine, row in pair_indicators(annex.indicators, representatives)}
        for indicator in annex.indicators:
            # a row printed twice in one document (indicator_duplicate) keeps its first printing's cell
            key = paired.get(id(indicator), row_of_wording.get(wording_key(indicator.indicator)))
            if key is None:
                key = len(representatives)
                representatives.append(indicator)
                row_of_wording[wording_key(indicator.indicator)] = key
            rating = indicator.rating
            colour = RATING_COLOURS.get(rating, "#9aa0a6") if isinstance(rating, Rating) else "#9aa0a6"
            label = rating.value if isinstance(rating, Rating) else f"'{rating}' (unknown)"
            change = word(indicator.change) or ""
            tip = f"{annex.country} {annex.year}, indicator {indicator.number}: {label}{', ' + change if change else ''}"
            cells.setdefault((key, column), (colour, tip, (annex.source.file, indicator.number) in flagged))
    rows = []
    for key in sorted(range(len(representatives)), key=lambda k: representatives[k].number):
        first = representatives[key]
        rows.append(HeatRow(first.number, first.indicator, [cells.get((key, c), ("", "not in this document", False)) for c in range(len(columns))]))
    return columns, rows


# ---------------------------------------------------------------------------
# sources view

KIND_COLOURS = {
    "un_document": "#2f5fb3", "report": "#1a7f4b", "web": "#8a94a8", "news": "#e0a526", "legal": "#7b4fb3",
    "academic": "#c8323b", "ibid": "#c5cbd6", "cross_reference": "#dfe3ea", "note": "#eef1f6",
}  # fmt: skip
KIND_LABELS = {"un_document": "UN document", "cross_reference": "cross-reference"}


def kind_chart(summary: SourceSummary, width: int = 360) -> str:
    """Horizontal bars: references by kind."""
    rows = summary.by_kind
    if not rows:
        return ""
    label_width, bar_height, gap = 112, 16, 6
    height = len(rows) * (bar_height + gap) + gap
    most = max(n for _, n in rows)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="bars" role="img" aria-label="references by kind">']
    for k, (kind, count) in enumerate(rows):
        y = gap + k * (bar_height + gap)
        length = (width - label_width - 44) * count / most
        parts.append(f'<text x="{label_width - 8}" y="{y + 12}" class="axis" text-anchor="end">{KIND_LABELS.get(kind, kind)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{max(length, 1):.1f}" height="{bar_height}" rx="3" fill="{KIND_COLOURS.get(kind, "#8a94a8")}"><title>{kind}: {count}</title></rect>')
        parts.append(f'<text x="{label_width + length + 6:.1f}" y="{y + 12}" class="value">{count}</text>')
    parts.append("</svg>")
    return "".join(parts)


def year_chart(summary: SourceSummary, width: int = 360, height: int = 150) -> str:
    """Columns: references by the year of the work, one column per year from the first to the last."""
    counts = dict(summary.by_year)
    if not counts:
        return ""
    first, last = min(counts), max(counts)
    years = list(range(first, last + 1))
    left, right, top, bottom = 8, 8, 16, 22
    step = (width - left - right) / len(years)
    most = max(counts.values())
    label_every = max(1, round(len(years) / 8))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="bars" role="img" aria-label="references by year">']
    for k, year in enumerate(years):
        count = counts.get(year, 0)
        bar = (height - top - bottom) * count / most
        x = left + k * step
        parts.append(f'<rect x="{x + 1:.1f}" y="{height - bottom - bar:.1f}" width="{max(step - 2, 1):.1f}" height="{bar:.1f}" fill="#2f5fb3"><title>{year}: {count}</title></rect>')
        if count and count == most:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{height - bottom - bar - 4:.1f}" class="value" text-anchor="middle">{count}</text>')
        if (year - first) % label_every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{height - 6}" class="axis" text-anchor="middle">{year}</text>')
    parts.append("</svg>")
    return "".join(parts)


def kind_strip(summary: SourceSummary, width: int = 120, height: int = 12) -> str:
    """A document's references by kind as one stacked bar."""
    total = sum(n for _, n in summary.by_kind)
    if not total:
        return ""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="references by kind">']
    x = 0.0
    for kind, count in summary.by_kind:
        length = width * count / total
        parts.append(f'<rect x="{x:.1f}" y="0" width="{length:.1f}" height="{height}" fill="{KIND_COLOURS.get(kind, "#8a94a8")}"><title>{KIND_LABELS.get(kind, kind)}: {count}</title></rect>')
        x += length
    parts.append("</svg>")
    return "".join(parts)


@dataclass
class DocumentSources:
    annex: Annex
    summary: SourceSummary
    strip: str

    @property
    def years(self) -> str:
        years = [y for y, n in self.summary.by_year for _ in range(n)]
        if not years:
            return "–"
        return f"{years[0]}–{years[-1]} (median {years[len(years) // 2]})"


def editions_label(files: Sequence[str], annexes: Sequence[Annex]) -> str:
    """Annex files named by country and years: "Cambodia 2019, 2022 · Fiji 2022"."""
    by_file = {a.source.file: a for a in annexes}
    years: dict[str, list[str]] = {}
    for file in files:
        annex = by_file.get(file)
        country = annex.country if annex and annex.country else file
        years.setdefault(country, []).append(str(annex.year) if annex and annex.year else "")
    return " · ".join(f"{country} {', '.join(sorted(y for y in ys if y))}".strip() for country, ys in sorted(years.items()))


def sources_view(annexes: Sequence[Annex]) -> tuple[SourceSummary, str, str, list[DocumentSources]]:
    """The archive's sources summary and charts, and each document's."""
    archive = source_summary(annexes)

    documents = []
    for annex in sorted(annexes, key=lambda a: (a.country or "", a.year or 0)):
        summary = source_summary([annex], top=3)
        documents.append(DocumentSources(annex, summary, kind_strip(summary)))
    return archive, kind_chart(archive), year_chart(archive), documents


# ---------------------------------------------------------------------------


def to_html(report: QaReport, loaded: Sequence[Loaded]) -> str:
    annexes = [item.annex for item in loaded if item.annex is not None]
    pdfs = {item.annex.source.file: item.pdf for item in loaded if item.annex is not None and item.pdf is not None}
    environment = Environment(loader=PackageLoader("annexparse", "templates"), autoescape=select_autoescape(["html", "j2"]))
    with PageImages(pdfs, RESOLUTION) as images:
        views = _finding_views(report, images)
    columns, rows = heat_map(annexes, report.new)
    groups = sorted(editions(annexes).values(), key=lambda group: -len(group))  # countries with a history first
    countries = [(group[0].country, score_chart(group), group) for group in groups]
    anchors: dict[str, str] = {}
    for view in views:
        anchors.setdefault(view.finding.document, view.anchor)
    missing_images = sorted({v.finding.document for v in views for s in v.sides if s.image is None and s.where} - set(pdfs))
    unread = [view for view in views if view.finding.code.category is Category.READING and view.finding.code in NOT_READ]
    sources, kinds_svg, years_svg, document_sources = sources_view(annexes)
    return environment.get_template("report.html.j2").render(
        sources=sources,
        kinds_svg=kinds_svg,
        years_svg=years_svg,
        document_sources=document_sources,
        shared_urls=[(url, len(files), editions_label(files, annexes)) for url, files in sources.shared_urls],
        kind_colours={KIND_LABELS.get(k, k): c for k, c in KIND_COLOURS.items()},
        report=report,
        views=[view for view in views if view.finding.accepted is None],
        accepted_views=[view for view in views if view.finding.accepted is not None],
        countries=countries,
        columns=columns,
        rows=rows,
        colours={rating.value: colour for rating, colour in RATING_COLOURS.items()},
        anchors=anchors,
        missing_images=missing_images,
        unread=unread,
        present={(a.country, a.year) for a in annexes},
    )
