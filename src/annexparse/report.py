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
    current = None
    for finding in report.findings:
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
        for line in _evidence_lines(finding):
            console.print(Text(printable(f"      {line}"), style="dim"))
    console.print(
        f"\n{len(report.documents)} documents, {len(report.failed)} unreadable; "
        f"{report.count('error')} errors, {report.count('warning')} warnings"
    )


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
        f"{report.count('error')} errors, {report.count('warning')} warnings "
        f"(annexparse {report.annexparse_version}, {report.generated}).",
        "",
        "| document | country | year | score printed | score computed | errors | warnings |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for doc in report.documents:
        if doc.status == "failed":
            out.append(f"| {_cell(doc.input)} | could not be read: {_cell(doc.error or '')} | | | | | |")
        else:
            out.append(
                f"| {_cell(doc.file or doc.input)} | {_cell(doc.country or '?')} | {doc.year or '?'} | {_or_dash(doc.score_printed)} "
                f"| {_or_dash(doc.score_computed)} | {doc.errors} | {doc.warnings} |"
            )
    if report.findings:
        out += ["", "## Findings by code", "", "| code | severity | findings |", "|---|---|---:|"]
        out += [f"| `{code}` | {code.severity} | {n} |" for code, n in report.by_code()]
    current = None
    for finding in report.findings:
        if finding.document != current:
            current = finding.document
            out += ["", f"## {printable(current)}", ""]
        scope = " (across editions)" if finding.scope is Scope.ARCHIVE else ""
        where = _where(finding)
        out.append(f"- **{finding.severity}** `{finding.code}`{scope}{f' ({where})' if where else ''}: {printable(finding.message)}")
        out += [f"  - {_cell(line)}" for line in _evidence_lines(finding)]
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
