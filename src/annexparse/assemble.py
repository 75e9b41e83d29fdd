"""Stage 11 (assemble): the stages' results become one `Annex`, the output model, each indicator
with its standard `key` (`pairing.standard_keys`)."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .models import Annex, Document, Issue, Linked, ScorecardItem, Scores, Source, Summary
from .pairing import standard_keys
from .version import __version__


def assemble(document: Document, summary: Summary, scores: Scores, linked: Linked, findings: Sequence[Issue] = ()) -> Annex:
    """The annex as printed (its document findings and citation sentences come later, in
    `pipeline.complete`).

    Args:
        document: the page model (file name, hash, page count).
        summary: the scorecard and printed score lines, from the summary stage.
        scores: from the scoring stage.
        linked: the indicators and footnotes, from the citations stage.
        findings: what the reading stages could not read with confidence.
    """
    current, previous = summary.printed.current, summary.printed.previous
    keys = standard_keys([indicator.indicator for indicator in linked.indicators])
    return Annex(
        source=Source(file=Path(document.path).name, pages=len(document.pages), sha256=document.sha256, annexparse_version=__version__),
        country=current.country if current else None,
        year=current.year if current else None,
        previous_year=previous.year if previous else None,
        scores=scores,
        scorecard=[
            ScorecardItem(rating=r.rating, indicator=r.indicator, page=r.page, box=r.box, rating_box=r.rating_box) for r in summary.scorecard
        ],
        indicators=[indicator.model_copy(update={"key": key}) for indicator, key in zip(linked.indicators, keys)],
        footnotes=linked.footnotes,
        issues=list(findings),
    )
