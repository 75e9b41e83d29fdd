"""QA over an archive: read annexes (PDFs or annexparse JSON), gather every finding.

`read_inputs(paths)` reads each input (a PDF is extracted, a JSON file is
read back as an `Annex`); `build_report` checks each document again
(`validate`), adds the cross-edition findings (`archive`), and returns a
`QaReport`: one summary per document and one `Finding` per inconsistency; with
the entries of a review file (`review`), the findings they accept are marked
accepted and the entries that match none are listed as stale.
Renderers (terminal, Markdown, HTML) live in `report` and `report_html`.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .archive import check_archive, duplicate_editions, duplicate_finding
from .errors import AnnexError
from .files import annexparse_stamp, file_sha256
from .models import SEVERITIES, Annex, Code, Issue, Scope, Severity
from .checks import validate
from .corrections import Corrected, Correction, apply_corrections
from .review import AcceptedEntry
from .version import __version__



class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentSummary(_Model):
    """One input of a QA run: the annex it holds and its count of findings, or why it could not be read."""

    input: str = Field(description="the file read (PDF or JSON)")
    file: str | None = Field(None, description="the annex PDF's file name")
    status: Literal["ok", "failed"]
    error: str | None = None
    country: str | None = None
    year: int | None = None
    previous_year: int | None = None
    pages: int | None = None
    score_printed: int | None = None
    score_computed: int | None = None
    errors: int = Field(0, description="errors not accepted by the review file")
    warnings: int = Field(0, description="warnings not accepted by the review file")
    accepted: int = Field(0, description="findings the review file accepts")


class Acceptance(_Model):
    """Why a finding is accepted: its entry in the review file."""

    reason: str
    by: str = ""
    date: str = ""


class Finding(Issue):
    """A finding of a QA run: an annex's issue, with the document it is about and its scope."""

    document: str = Field(description="file name of the annex the finding is about")
    scope: Scope = Field(description="archive: found by comparing with another edition")
    accepted: Acceptance | None = Field(None, description="the review file's entry accepting it (qa --accepted); null: a new finding")


class CorrectionNote(_Model):
    """A correction `qa` applied (`--corrections`), or one that is stale."""

    correction: str = Field(description="edition, target and field, e.g. 'Cambodia 2022, indicator A3.5, rating'")
    document: str | None = Field(None, description="the annex's file name (none when stale for want of the edition)")
    printed: Any = Field(None, description="the value as printed (applied)")
    value: Any = Field(None, description="the corrected value")
    reason: str
    source: str = ""
    by: str = ""
    date: str = ""
    stale: str | None = Field(None, description="why it no longer applies; null when applied")


class QaReport(_Model):
    """What `annexparse qa` (and `annexparse.qa`) finds in an archive: one summary per document and
    every finding, each document's own and the cross-edition ones, errors first within a document."""

    annexparse_version: str = __version__
    generated: str = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat())
    documents: list[DocumentSummary]
    findings: list[Finding]
    review: str | None = Field(None, description="the review file whose accepted findings are marked (qa --accepted)")
    stale: list[AcceptedEntry] = Field(default_factory=list, description="entries of the review file that match no finding any more")
    unreasoned: list[str] = Field(default_factory=list, description="ids of findings whose entry in the review file has no reason (so they are not accepted)")
    corrections: list[CorrectionNote] = Field(default_factory=list, description="the corrections applied before checking (qa --corrections)")
    stale_corrections: list[CorrectionNote] = Field(default_factory=list, description="corrections whose target is gone or already reads the corrected value")

    @property
    def new(self) -> list[Finding]:
        """The findings no review entry accepts."""
        return [f for f in self.findings if f.accepted is None]

    @property
    def accepted(self) -> list[Finding]:
        return [f for f in self.findings if f.accepted is not None]

    def count(self, severity: Severity) -> int:
        """New (not accepted) findings of `severity`."""
        return sum(1 for f in self.new if f.severity == severity)

    def tally(self) -> str:
        """'3 errors, 1 warning' of the new findings; with what a review file accepted and left stale."""
        text = f"{self.count('error')} errors, {self.count('warning')} warnings"
        if self.review is not None or self.accepted:
            text += f" new, {len(self.accepted)} accepted"
        if self.stale:
            text += f", {len(self.stale)} stale entries"
        return text

    def by_code(self) -> list[tuple[Code, int]]:
        """(code, count) of the new findings, most frequent first."""
        return Counter(f.code for f in self.new).most_common()

    @property
    def failed(self) -> list[DocumentSummary]:
        return [d for d in self.documents if d.status == "failed"]


@dataclass
class Loaded:
    """One input: the annex it holds (or why it could not be read, or why it was left out) and
    the PDF it came from."""

    input: Path
    annex: Annex | None = None
    pdf: Path | None = None
    error: str | None = None
    skipped: str | None = None  # why an input found in a folder is left out (not in the folder's index)
    note: str | None = None  # what could not be done for it (no PDF to cross-check)


INDEX_FILES = ("index.json",)  # a batch's index beside its JSON (not an annex)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the PDF and JSON files under folders named (hidden folders such as a
    batch's `.orphans` left out), in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in (".pdf", ".json") and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )  # fmt: skip
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def _indexed(folder: Path) -> set[Path] | None:
    """The JSON files a batch's index in `folder` lists as converted (None: no index there)."""
    try:
        rows = json.loads((folder / "index.json").read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return {(folder / row["output"]).resolve() for row in rows if row.get("output") and row.get("status") in ("converted", "partial", "unchanged")}


def read_inputs(
    paths: Sequence[Path],
    pdf_dirs: Sequence[Path] = (),
    extract: Callable[[Path], Annex] | None = None,
    on_progress: Callable[[Path], None] | None = None,
    cross_check: bool = False,
) -> list[Loaded]:
    """Read every input.

    A folder that holds a batch's index gives the JSON files the index lists
    (others are left out, each with its reason in `Loaded.skipped`); a JSON
    file that is not annexparse output is an input that could not be read.

    A JSON input is linked to its PDF (for page images) by file name and
    sha256, looked for among the PDF inputs, beside the JSON and under `pdf_dirs`.
    The same annex given both as PDF and as JSON is read once, from the JSON.
    """
    if extract is None:
        from .pipeline import extract
    named = {p for p in paths if not p.is_dir()}
    files = expand(paths)
    indexes = {folder.resolve(): _indexed(folder) for folder in paths if folder.is_dir()}
    pdfs = [f for f in files if f.suffix.lower() == ".pdf"]
    candidates = [*pdfs, *(p for d in pdf_dirs if d.is_dir() for p in sorted(d.rglob("*.pdf")))]
    loaded: list[Loaded] = []
    json_shas: set[str] = set()
    sha256 = functools.cache(file_sha256)  # a PDF is hashed once, however often it is looked at
    for path in (f for f in files if f.suffix.lower() == ".json"):
        if path not in named:
            if path.name in INDEX_FILES and path.parent.resolve() in indexes:
                continue  # a batch's index
            listed = next((index for folder, index in indexes.items() if index is not None and path.resolve().is_relative_to(folder)), None)
            if listed is not None and path.resolve() not in listed and annexparse_stamp(path) is not None:
                loaded.append(Loaded(path, skipped="not in its folder's index (the JSON of a PDF no longer converted?)"))
                continue
        item = _read_json(path)
        if item.annex is not None:
            json_shas.add(item.annex.source.sha256)
            item.pdf = _find_pdf(item.annex, [path.parent / item.annex.source.file, *candidates], sha256)
        loaded.append(item)
        if on_progress:
            on_progress(path)
    for pdf in pdfs:
        if pdf.exists() and json_shas and sha256(pdf) in json_shas:
            continue
        loaded.append(_read_pdf(pdf, extract))
        if on_progress:
            on_progress(pdf)
    if cross_check:
        from .crosscheck import cross_check as second_reading

        for item in loaded:
            if item.annex is None:
                continue
            if item.pdf is None:
                item.note = "no PDF found for it (give --pdfs): not cross-checked"
            else:
                item.annex = second_reading(item.annex, item.pdf)
    return loaded


def _read_json(path: Path) -> Loaded:
    try:
        return Loaded(path, annex=Annex.model_validate_json(path.read_bytes()))
    except FileNotFoundError:
        return Loaded(path, error=f"{path}: no such file")
    except (ValidationError, ValueError) as error:
        first = error.errors()[0]["msg"] if isinstance(error, ValidationError) else str(error)
        return Loaded(path, error=f"{path}: not annexparse JSON ({first})")


def _read_pdf(path: Path, extract: Callable[[Path], Annex]) -> Loaded:
    if not path.exists():
        return Loaded(path, error=f"{path}: no such file")
    try:
        return Loaded(path, annex=extract(path), pdf=path)
    except AnnexError as error:
        return Loaded(path, error=str(error), pdf=path)
    except Exception as error:  # one bad input never stops the report
        return Loaded(path, error=f"{path}: internal error ({type(error).__name__}: {error})", pdf=path)


def _find_pdf(annex: Annex, candidates: Sequence[Path], sha256: Callable[[Path], str]) -> Path | None:
    for candidate in candidates:
        if candidate.name == annex.source.file and candidate.is_file() and sha256(candidate) == annex.source.sha256:
            return candidate
    return None


def distinct_editions(loaded: Sequence[Loaded]) -> tuple[list[Loaded], dict[int, tuple[int, str]], list[Annex]]:
    """The inputs that were read; those of them that repeat an edition (index -> (index of the
    copy kept, why): `archive.duplicate_editions`); and the annexes of the others, which `qa`
    checks and `export` writes."""
    read = [item for item in loaded if item.annex is not None]
    repeats = duplicate_editions([item.annex for item in read], [str(item.input) for item in read])
    return read, repeats, [item.annex for k, item in enumerate(read) if k not in repeats]


def correct_inputs(loaded: Sequence[Loaded], corrections: Sequence[Correction]) -> Corrected:
    """Apply `corrections` to the distinct editions among `loaded`: each input's `annex` becomes the
    corrected one (the files are not touched). Returns what was applied, stale and marked."""
    _, _, annexes = distinct_editions(loaded)
    corrected = apply_corrections(annexes, corrections)
    replaced = {id(old): new for old, new in zip(annexes, corrected.annexes)}
    for item in loaded:
        item.annex = replaced.get(id(item.annex), item.annex)
    return corrected


def build_report(
    loaded: Sequence[Loaded], accepted: Sequence[AcceptedEntry] = (), review: str | None = None, corrections: Sequence[Correction] = ()
) -> QaReport:
    """The documents and all findings: each annex's own, then the cross-edition ones; those an
    entry of `accepted` (with a reason) names are marked accepted (`review`: the file they come
    from). `corrections` are applied first (each input's `annex` becomes the corrected one), so
    that the checks run on the corrected data."""
    corrected = correct_inputs(loaded, corrections) if corrections else None
    read, repeats, annexes = distinct_editions(loaded)
    findings = [  # checked again, so JSON written by an older annexparse gets today's checks
        Finding(**issue.model_dump(), document=annex.source.file, scope=Scope.DOCUMENT) for annex in annexes for issue in validate(annex)
    ]
    findings += [
        Finding(**found.issue.model_dump(), document=found.document, scope=Scope.ARCHIVE) for found in check_archive(annexes)
    ]
    for k, (kept, why) in repeats.items():
        issue = duplicate_finding(read[k].annex, str(read[k].input), read[kept].annex, str(read[kept].input), why)
        findings.append(Finding(**issue.model_dump(), document=read[k].annex.source.file, scope=Scope.ARCHIVE))
    entries = {entry.id: entry for entry in accepted}
    found = {finding.id for finding in findings}
    for finding in findings:
        entry = entries.get(finding.id)
        if entry is not None and entry.accepts:
            finding.accepted = Acceptance(reason=entry.reason, by=entry.by, date=entry.date)
    documents = [_summary(item, findings) for item in loaded if item.skipped is None]
    order = {d.file: k for k, d in enumerate(documents)}
    # by document, errors before warnings, then the document's own before the cross-edition ones
    findings.sort(key=lambda f: (order.get(f.document, 0), f.severity != "error", f.scope is not Scope.ARCHIVE, f.indicator or 0, f.code))
    return QaReport(
        documents=documents,
        findings=findings,
        review=review,
        stale=[entry for entry in accepted if entry.id not in found],
        unreasoned=[f.id for f in findings if f.id in entries and not entries[f.id].accepts],
        corrections=[_note(a.correction, a.document, a.printed) for a in corrected.applied] if corrected else [],
        stale_corrections=[_note(s.correction, s.document, None, s.why) for s in corrected.stale] if corrected else [],
    )


def _note(correction: Correction, document: str | None, printed: Any, stale: str | None = None) -> CorrectionNote:
    return CorrectionNote(
        correction=correction.label(), document=document, printed=printed, value=correction.value, reason=correction.reason,
        source=correction.source, by=correction.by, date=correction.date, stale=stale,
    )  # fmt: skip


def _summary(item: Loaded, findings: Sequence[Finding]) -> DocumentSummary:
    annex = item.annex
    if annex is None:
        return DocumentSummary(input=str(item.input), status="failed", error=item.error)
    own = [f for f in findings if f.document == annex.source.file and f.accepted is None]
    return DocumentSummary(
        input=str(item.input),
        file=annex.source.file,
        status="ok",
        country=annex.country,
        year=annex.year,
        previous_year=annex.previous_year,
        pages=annex.source.pages,
        score_printed=annex.scores.stated.current,
        score_computed=annex.scores.computed.current,
        errors=sum(1 for f in own if f.severity == "error"),
        warnings=sum(1 for f in own if f.severity == "warning"),
        accepted=sum(1 for f in findings if f.document == annex.source.file and f.accepted is not None),
    )


def fails(report: QaReport, level: str | None) -> bool:
    """True when the report holds a new (not accepted) finding at or above `level` ('error' or 'warning')."""
    if level is None:
        return False
    serious = SEVERITIES[: SEVERITIES.index(level) + 1]
    return any(f.severity in serious for f in report.new)
