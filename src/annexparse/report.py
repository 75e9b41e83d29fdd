"""QA report renderers for the terminal and Markdown (HTML: `report_html`)."""
from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .models import Annex, Scope
from .audit import Finding, QaReport
from .sources import source_summary
from .text import printable

STYLE = {"error": "bold red", "warning": "yellow"}


def _where(finding: Finding) -> str:
    parts = []
    if finding.indicator is not None:
        parts.append(f"indicator {finding.indicator}")
    if finding.footnote is not None:
        parts.append(f"footnote {finding.footnote}")
    if finding.pages:
        parts.append("p. " + ", ".join(map(str, finding.pages)))
    return ", ".join(parts)


def _evidence_lines(finding: Finding) -> list[str]:
    lines = []
    for side in finding.evidence:
        where = []
        if side.document:
            where.append(side.document)
        if side.box is not None:
            where.append(f"p. {side.box.page}")
        suffix = f" ({', '.join(where)})" if where else ""
        lines.append(f"{side.side}{suffix}: {side.text}")
    return lines


def print_terminal(report: QaReport, console: Console | None = None) -> None:
    """A readable summary: one line per document, then each finding with its evidence."""
    console = console or Console()
    table = Table(title="annexparse QA", title_justify="left", show_lines=False)
    for column, justify in (("document", "left"), ("country", "left"), ("year", "right"), ("score printed/computed", "right"), ("errors", "right"), ("warnings", "right")):
        table.add_column(column, justify=justify, no_wrap=column == "document", overflow="fold" if column == "document" else "ellipsis")
    for doc in report.documents:
        if doc.status == "failed":
            table.add_row(Text(printable(doc.input)), Text("could not be read", style="bold red"), "", "", "", "")
            continue
        score = f"{_or_dash(doc.score_printed)}/{_or_dash(doc.score_computed)}"
        table.add_row(  # (text read from files as Text: never markup, control characters written out)
            Text(printable(doc.file or doc.input)),
            Text(printable(doc.country or "?")),
            str(doc.year or "?"),
            score,
            Text(str(doc.errors), style=STYLE["error"] if doc.errors else ""),
            Text(str(doc.warnings), style=STYLE["warning"] if doc.warnings else ""),
        )
    console.print(table)
    for doc in report.failed:
        console.print(Text(printable(f"failed: {doc.error}"), style="bold red"))
    if report.review is not None or report.accepted:
        console.print(Text(f"\nNew findings ({len(report.new)})", style="bold underline"))
    current = None
    for finding in report.new:
        if finding.document != current:
            current = finding.document
            console.print(Text(printable(f"\n{current}"), style="bold"))
        head = Text("  ")
        head.append(f"{finding.severity:<7}", style=STYLE[finding.severity])
        head.append(f" {finding.code}", style="bold")
        if finding.scope is Scope.ARCHIVE:
            head.append(" (across editions)", style="dim")
        where = _where(finding)
        if where:
            head.append(f"  [{where}]", style="dim")
        console.print(head)
        console.print(Text(printable(f"    {finding.message}")))
        console.print(Text(printable(f"    id: {finding.id}"), style="dim"))
        for line in _evidence_lines(finding):
            console.print(Text(printable(f"      {line}"), style="dim"))
    if report.accepted:
        console.print(Text(printable(f"\nAccepted in {report.review} ({len(report.accepted)})"), style="bold underline"))
        for finding in report.accepted:
            line = Text("  ")
            line.append("accepted", style="green")
            line.append(f" {finding.code}", style="dim bold")
            line.append(printable(f"  {finding.document}  {finding.id}"), style="dim")
            console.print(line)
            console.print(Text(printable(f"    {finding.message}"), style="dim"))
            console.print(Text(printable(f"    reason: {_acceptance(finding)}"), style="green"))
    if report.stale:
        console.print(Text(printable(f"\nStale entries of {report.review} (they match no finding any more)"), style="bold underline"))
        for entry in report.stale:
            console.print(Text(printable(f"  {entry.id}: {entry.message}"), style="yellow"))
    if report.corrections or report.stale_corrections:
        console.print(Text("\nCorrections", style="bold underline"))
        for note in report.corrections:
            console.print(Text(printable(f"  {note.correction}: {_value(note.printed)} -> {_value(note.value)}"), style="cyan"))
            console.print(Text(printable(f"    {_provenance(note)}"), style="dim"))
        for note in report.stale_corrections:
            console.print(Text(printable(f"  stale: {note.correction}: {note.stale}"), style="yellow"))
    console.print(f"\n{len(report.documents)} documents, {len(report.failed)} unreadable; {report.tally()}")


def _value(value) -> str:
    return "none" if value is None else repr(value) if isinstance(value, str) else str(value)


def _provenance(note) -> str:
    """'reason (source; by, date)' of a correction."""
    who = "; ".join(part for part in (note.source, ", ".join(p for p in (note.by, note.date) if p)) if part)
    return note.reason + (f" ({who})" if who else "")


def _acceptance(finding: Finding) -> str:
    accepted = finding.accepted
    who = ", ".join(part for part in (accepted.by, accepted.date) if part)
    return accepted.reason + (f" ({who})" if who else "")


def _or_dash(value) -> str:
    return "-" if value is None else str(value)


def _cell(text: str) -> str:
    return printable(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(report: QaReport, annexes: Sequence[Annex] = ()) -> str:
    """The report as Markdown; with the `annexes`, a Sources section too."""
    out = [
        "# annexparse QA report",
        "",
        f"{len(report.documents)} documents{f', {len(report.failed)} unreadable;' if report.failed else ','} "
        f"{report.tally()} "
        f"(annexparse {report.annexparse_version}, {report.generated}"
        f"{f'; accepted findings from {printable(report.review)}' if report.review else ''}).",
        "",
        "| document | country | year | score printed | score computed | errors | warnings | accepted |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for doc in report.documents:
        if doc.status == "failed":
            out.append(f"| {_cell(doc.input)} | could not be read: {_cell(doc.error or '')} | | | | | | |")
        else:
            out.append(
                f"| {_cell(doc.file or doc.input)} | {_cell(doc.country or '?')} | {doc.year or '?'} | {_or_dash(doc.score_printed)} "
                f"| {_or_dash(doc.score_computed)} | {doc.errors} | {doc.warnings} | {doc.accepted} |"
            )
    if report.new:
        out += ["", "## Findings by code", "", "| code | severity | findings |", "|---|---|---:|"]
        out += [f"| `{code}` | {code.severity} | {n} |" for code, n in report.by_code()]
    reviewed = report.review is not None or bool(report.accepted)
    if reviewed:
        out += ["", f"## New findings ({len(report.new)})"]
    current = None
    for finding in report.new:
        if finding.document != current:
            current = finding.document
            out += ["", f"{'###' if reviewed else '##'} {printable(current)}", ""]
        scope = " (across editions)" if finding.scope is Scope.ARCHIVE else ""
        where = _where(finding)
        out.append(f"- **{finding.severity}** `{finding.code}`{scope}{f' ({where})' if where else ''}: {printable(finding.message)}")
        out.append(f"  - id: `{printable(finding.id or '')}`")
        out += [f"  - {_cell(line)}" for line in _evidence_lines(finding)]
    if report.accepted:
        out += ["", f"## Accepted findings ({len(report.accepted)})", "", "| document | code | id | finding | reason |", "|---|---|---|---|---|"]
        out += [
            f"| {_cell(f.document)} | `{f.code}` | `{_cell(f.id or '')}` | {_cell(f.message)} | {_cell(_acceptance(f))} |" for f in report.accepted
        ]
    if report.stale:
        out += ["", f"## Stale entries ({len(report.stale)})", "", f"Entries of {printable(report.review or '')} that match no finding any more:", ""]
        out += [f"- `{printable(entry.id)}`: {printable(entry.message)}" for entry in report.stale]
    if report.corrections or report.stale_corrections:
        out += ["", f"## Corrections ({len(report.corrections)} applied)", ""]
        if report.corrections:
            out += ["| correction | as printed | corrected | reason and source |", "|---|---|---|---|"]
            out += [f"| {_cell(n.correction)} | {_cell(_value(n.printed))} | {_cell(_value(n.value))} | {_cell(_provenance(n))} |" for n in report.corrections]
        if report.stale_corrections:
            out += ["", "Stale corrections:", ""] + [f"- {printable(n.correction)}: {printable(n.stale or '')}" for n in report.stale_corrections]
    if annexes:
        out += _sources_markdown(annexes)
    return "\n".join(out) + "\n"


def _sources_markdown(annexes: Sequence[Annex]) -> list[str]:
    summary = source_summary(annexes)
    out = ["", "## Sources", "", f"{summary.references} citations of {summary.works} distinct works (notes, cross-references and ambiguous Ibid. aside); {len(summary.shared_urls)} URLs cited by several annexes; {len(summary.unread)} not read.", ""]
    out += ["| kind | references |", "|---|---:|"] + [f"| {kind} | {n} |" for kind, n in summary.by_kind]
    if summary.by_year:
        out += ["", "| year of the work | references |", "|---:|---:|"] + [f"| {year} | {n} |" for year, n in summary.by_year]
    out += ["", "| most-cited organisation | references |", "|---|---:|"] + [f"| {_cell(name)} | {n} |" for name, n in summary.organizations]
    if summary.shared_urls:
        out += ["", "| URL cited by several annexes | annexes |", "|---|---:|"] + [f"| {_cell(url)} | {len(files)} |" for url, files in summary.shared_urls]
    if summary.unread:
        out += ["", "Not read:", ""] + [f"- {_cell(u.file)} footnote {u.footnote}: {u.why}: {_cell(u.text[:200])}{'…' if len(u.text) > 200 else ''}" for u in summary.unread]
    return out
