"""Stage 4 (rows): row fragments from all pages stitched into logical rows.

A fragment at the top of a page continues the previous page's last row when
text stands above the first row start, or when it does not open the way a
row opens: a row opens with an indicator text and an assessment that starts
with a rating (bold, or one of the rating words). An assessment that starts
with a change word, an indicator that starts in lower case, or an empty
indicator or assessment cell means the row was cut by the page break.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .models import Line, RowFragment
from .tables import BLOCK_PITCH, Table, split_rows

RATING_START = re.compile(r"^\s*(very\s+)?(strong|fair|weak|very)\b", re.IGNORECASE)
CHANGE_WORD = re.compile(r"^\s*(increase|decrease|unchanged|same|no change|improved|declined)\b", re.IGNORECASE)

THEMATIC, INDICATOR, ASSESSMENT, NOTES = range(4)


@dataclass(frozen=True, slots=True)
class StitchedRow:
    fragments: tuple[RowFragment, ...]

    def lines(self, column: int) -> list[Line]:
        return [line for fragment in self.fragments for line in fragment.cells[column].lines]

    @property
    def pages(self) -> list[int]:
        return sorted({fragment.page for fragment in self.fragments if any(not c.empty for c in fragment.cells)})


def _opens_row(fragment: RowFragment) -> bool:
    indicator = fragment.cells[INDICATOR].lines
    assessment = fragment.cells[ASSESSMENT].lines
    if not indicator or not assessment:
        return False
    first_text = indicator[0].plain_text.lstrip()
    if first_text[:1].islower():
        return False
    head = assessment[0]
    if CHANGE_WORD.match(head.plain_text):
        return False
    starts_bold = bool(head.spans) and head.spans[0].bold
    return starts_bold or bool(RATING_START.match(head.plain_text))


def stitch(table: Table) -> list[StitchedRow]:
    """All logical rows of the detailed table, in printed order."""
    rows: list[list[RowFragment]] = []
    for table_page in table.pages:
        for position, fragment in enumerate(split_rows(table_page, (INDICATOR, ASSESSMENT))):
            continues = rows and (fragment.continues_previous or (position == 0 and not _opens_row(fragment)))
            if continues:
                rows[-1].append(fragment)
            elif fragment.continues_previous and not rows:
                continue  # text above the first row of the table: nothing to attach it to
            else:
                rows.append([fragment])
    return [StitchedRow(tuple(fragments)) for fragments in rows]


def thematic_areas(rows: Sequence[StitchedRow]) -> list[tuple[str, list[int]]]:
    """The thematic area of every row (text, pages), from the spanning first column.

    A block of text in the first column that starts inside a row opens a new
    area for that row and the ones after it. A line that follows the previous
    one at line pitch, or that stands in a fragment continuing a row across a
    page break, belongs to the current area's name.
    """
    areas: list[tuple[str, list[int]]] = []
    name: list[str] = []
    pages: list[int] = []
    previous: Line | None = None
    for row in rows:
        for position, fragment in enumerate(row.fragments):
            for line in fragment.cells[THEMATIC].lines:
                same_block = (
                    previous is not None
                    and previous.page == line.page
                    and line.baseline - previous.baseline <= BLOCK_PITCH * max(line.size, previous.size)
                )
                if not same_block and position == 0:
                    name, pages = [], []
                name.append(line.plain_text.strip())
                if line.page not in pages:
                    pages.append(line.page)
                previous = line
        areas.append((" ".join(part for part in name if part), list(pages)))
    return areas
