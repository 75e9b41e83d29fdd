"""The `annexparse` command: a thin layer over the library.

Exit status: 0 success; 1 internal error (a bug: run again with --debug);
2 usage error; 3 not a PDF; 4 empty file; 5 truncated or damaged PDF;
6 encrypted PDF; 7 no text layer; 8 no annex table found; for `batch` and
`qa`, 9 when any input could not be read (each is reported on its own line);
for `qa --fail-on`, 10 when a finding at or above that severity was found.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from .errors import AnnexError, UsageError
from .files import output_target, write_atomically
from .text import printable
from .version import __version__

BATCH_FAILED = 9
QA_FINDINGS = 10
REPORT_FORMATS = ("terminal", "json", "markdown", "html")
# the choices of load.LOADERS, spelled here so that start-up does not import the load stage (test_loaders checks they agree)
LOADER_OPTION = click.option(
    "--loader", type=click.Choice(("pdfium", "pdfplumber")), default="pdfium", show_default=True, help="Character source of the load stage."
)
CROSS_CHECK_OPTION = click.option(
    "--cross-check", is_flag=True, help="Read every page of the detailed table a second time, with camelot, and report where the readings differ."
)
CORRECTIONS_OPTION = click.option(
    "--corrections",
    "corrections_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Corrections file (TOML): fixes to what an annex prints, with their reason and source, applied on top of the JSON "
    "(never rewritten); what follows from them is recomputed. An invalid entry is a usage error (exit 2).",
)
SUFFIX_FORMATS = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


def _render(annex, pretty: bool) -> str:
    return annex.model_dump_json(indent=2 if pretty else None)


def _fail(message: str, code: int) -> None:
    click.echo(printable(f"annexparse: {message}"), err=True)
    sys.exit(code)


EXIT_STATUS = """\b
Exit status:
  0  success
  1  internal error (a bug; --debug shows the traceback)
  2  usage error: no such file, a folder given to extract, no input, an -o that would destroy a file
  3  not a PDF
  4  empty file
  5  truncated or damaged PDF
  6  encrypted PDF (give --password), or a wrong password
  7  no text layer (a scanned image)
  8  no annex table found
  9  batch, qa, export: at least one input could not be read (the others are done)
  10 qa --fail-on LEVEL: a finding at or above LEVEL"""


@click.group(epilog=EXIT_STATUS)
@click.version_option(__version__, prog_name="annexparse")
def main() -> None:
    """Turn R2P country-assessment annex PDFs into exact, validated, linked JSON.

    \b
    Installed by `make run` / `make test` into .venv: run it as .venv/bin/annexparse,
    or activate the environment first (. .venv/bin/activate)."""


@main.command(epilog=EXIT_STATUS)
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the JSON to this file (atomically; - for stdout) instead of stdout.")
@click.option("--pretty", is_flag=True, help="Indent the JSON.")
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@click.option("--timings", is_flag=True, help="Print seconds per pipeline stage on stderr.")
@LOADER_OPTION
@click.option("--strict", is_flag=True, help="A damaged file (a page unreadable, a repair, a damaged text layer) is an error (exit 5), not read as far as it can be.")
@CROSS_CHECK_OPTION
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
def extract(
    pdf: Path, output: Path | None, pretty: bool, password: str | None, timings: bool, loader: str, strict: bool, cross_check: bool, debug: bool
) -> None:
    """Extract one annex PDF to JSON (stdout, or -o FILE)."""
    from .pipeline import Timings, extract as run

    spent = Timings()
    try:
        if not pdf.exists():
            raise FileNotFoundError(pdf)
        if pdf.is_dir():
            raise UsageError(str(pdf), "is a folder, not a PDF (annexparse batch converts a folder)")
        target = output_target(output, [pdf]) if output is not None else None
        annex = run(pdf, password=password, timings=spent, loader=loader, strict=strict, cross_check=cross_check)
    except AnnexError as error:
        if debug:
            raise
        _fail(str(error), error.exit_code)
    except FileNotFoundError:
        _fail(f"{pdf}: no such file", 2)
    except Exception as error:  # a bug: one line, unless --debug
        if debug:
            raise
        _fail(f"{pdf}: internal error ({type(error).__name__}: {error}); run with --debug for details", 1)
    text = _render(annex, pretty)
    if target is None:
        click.echo(text)
    else:
        write_atomically(target, text + "\n")
    if timings:
        for stage, seconds in spent.items():
            click.echo(f"{stage:>11} {seconds * 1000:8.1f} ms", err=True)


@main.command(epilog=EXIT_STATUS)
@click.option("--index", is_flag=True, help="The schema of a batch's index.json instead of an annex's JSON.")
def schema(index: bool) -> None:
    """Print the JSON Schema of the output (an annex's JSON, or with --index a batch's index.json)."""
    if index:
        from .batch import index_json_schema

        click.echo(json.dumps(index_json_schema(), indent=2))
    else:
        from .models import annex_json_schema

        click.echo(json.dumps(annex_json_schema(), indent=2))


FORMULA_OPTION = click.option(
    "--no-formula-escape",
    "escape_formulas",
    flag_value=False,
    default=True,
    help="In CSV, keep every text cell as read. By default a cell that a spreadsheet would run as a formula "
    "(it starts with =, +, -, @, a tab or a carriage return and is no number) gets a leading ' (CSV injection); "
    "pipelines that read the CSV with code can turn that off.",
)


@main.command(epilog=EXIT_STATUS)
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output_dir", default="output", show_default=True, type=click.Path(path_type=Path), help="Folder for the JSON files and the index.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Files converted at once [default: the number of cores].")
@click.option("--force", is_flag=True, help="Convert every file, even those unchanged since their last conversion.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=300, show_default=True, help="Seconds a file may take before it is stopped and reported.")
@click.option("--max-memory", type=click.IntRange(min=1), default=2048, show_default=True, help="Megabytes of memory a file's worker may use before it is stopped and reported.")
@click.option("--password", default=None, help="Password for the encrypted PDFs that have one.")
@click.option("--pretty", is_flag=True, help="Indent the JSON.")
@LOADER_OPTION
@click.option("--strict", is_flag=True, help="A damaged file is a failure (reason: truncated or damaged PDF), not converted as far as it can be.")
@CROSS_CHECK_OPTION
@FORMULA_OPTION
def batch(
    directory: Path,
    output_dir: Path,
    jobs: int | None,
    force: bool,
    timeout: float,
    max_memory: int,
    password: str | None,
    pretty: bool,
    loader: str,
    strict: bool,
    cross_check: bool,
    escape_formulas: bool,
) -> None:
    """Convert every PDF under DIRECTORY to OUTPUT/<relative path>.json, with an index.

    Files whose sha256 and annexparse version are unchanged since their last
    run are skipped (so are their failures); --force converts them again.
    """
    import os
    import time

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from .batch import Options, find_pdfs, run_batch

    if not directory.is_dir():
        _fail(f"{directory}: {'no such folder' if not directory.exists() else 'not a folder'}", 2)
    if output_dir.exists() and not output_dir.is_dir():
        _fail(f"{output_dir}: is a file; -o names the folder the JSON files go to", 2)
    if not find_pdfs(directory):
        _fail(f"{directory}: no PDF in this folder or below it", 2)
    options = Options(
        jobs=jobs or os.cpu_count() or 1,
        force=force,
        timeout=timeout,
        max_memory_mb=max_memory,
        password=password,
        pretty=pretty,
        loader=loader,
        strict=strict,
        cross_check=cross_check,
        escape_formulas=escape_formulas,
    )
    console = Console(stderr=True, highlight=False)
    progress = Progress(
        TextColumn("converting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console,
        auto_refresh=False,
    )
    state = {"task": None, "failed": 0, "done": 0, "started": 0.0, "drawn": 0.0, "reported": set(), "live": False}

    def started(to_convert: int, unchanged: int) -> None:
        if unchanged:
            console.print(f"{unchanged} unchanged since their last run (--force converts them again)")
        state["task"] = progress.add_task("convert", total=to_convert, failed=0, rate="")
        state["started"] = time.monotonic()
        if to_convert:
            progress.start()
            state["live"] = True

    def finished(entry) -> None:
        state["done"] += 1
        if entry.status == "failed":
            state["failed"] += 1
            state["reported"].add(entry.file)
            progress.console.print(printable(f"failed: {directory / entry.file}: {entry.reason}"), markup=False, soft_wrap=True)
        elapsed = max(time.monotonic() - state["started"], 1e-6)
        progress.update(state["task"], advance=1, failed=state["failed"], rate=f"{state['done'] / elapsed:.1f} files/s")
        progress.refresh()

    def tick() -> None:
        if time.monotonic() - state["drawn"] > 0.2:
            state["drawn"] = time.monotonic()
            progress.refresh()

    try:
        summary = run_batch(directory, output_dir, options, on_start=started, on_result=finished, on_tick=tick)
    finally:
        if state["live"]:
            progress.stop()
    for entry in (e for e in summary.failed if e.file not in state["reported"]):
        console.print(printable(f"failed: {directory / entry.file}: {entry.reason} (unchanged since the last run)"), markup=False, soft_wrap=True)
    orphaned = summary.count("orphaned")
    moved = f", {orphaned} orphaned (their PDFs are gone; JSON moved to {output_dir / '.orphans'})" if orphaned else ""
    partial = summary.count("partial")
    converted = f"{summary.count('converted') + partial} converted" + (f" ({partial} partial: damaged, read as far as they can be)" if partial else "")
    click.echo(
        f"{converted}, {summary.count('unchanged')} unchanged, {len(summary.failed)} failed{moved} -> {output_dir}"
        f" (index: {output_dir / 'index.csv'})"
    )
    sys.exit(BATCH_FAILED if summary.failed else 0)


@main.command(epilog=EXIT_STATUS)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "report_format",
    type=click.Choice(REPORT_FORMATS),
    default=None,
    help="Report format [default: from the -o suffix (.json, .md, .html), else terminal].",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the report to this file (atomically; - for stdout).")
@click.option("--pdfs", "pdf_dirs", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path), help="Folder holding the PDFs of JSON inputs, for page images (repeatable).")
@click.option("--fail-on", type=click.Choice(("error", "warning")), default=None, help="Exit 10 when a new (not accepted) finding at or above this severity is found.")
@click.option(
    "--accepted",
    "accepted_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Review file (TOML) of accepted findings: those with a reason are shown apart as accepted and not counted by --fail-on; entries that match no finding are listed as stale.",
)
@click.option(
    "--write-accepted",
    "write_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write today's findings to this review file as entries with empty reasons, keeping the reasons already in it (or in --accepted); fill in a reason to accept one.",
)
@CORRECTIONS_OPTION
@CROSS_CHECK_OPTION
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def qa(
    paths: tuple[Path, ...],
    report_format: str | None,
    output: Path | None,
    pdf_dirs: tuple[Path, ...],
    fail_on: str | None,
    accepted_file: Path | None,
    write_file: Path | None,
    corrections_file: Path | None,
    cross_check: bool,
    debug: bool,
) -> None:
    """Check annexes (PDFs or annexparse JSON, files or folders) for inconsistencies, within and across editions."""
    from rich.console import Console
    from rich.progress import Progress

    from .audit import build_report, expand, fails, read_inputs
    from .review import review_text

    files = _inputs(paths, expand)
    target = _output(output, files)
    review = accepted_file or (write_file if write_file is not None and write_file.exists() else None)
    entries = _review(review)
    corrections = _corrections(corrections_file)
    if write_file is not None and _output(write_file, files) is None:  # never over an input or a device
        _fail("--write-accepted needs a file, not -", 2)
    report_format = report_format or (SUFFIX_FORMATS.get(output.suffix.lower(), "terminal") if target else "terminal")
    if report_format == "terminal" and target is not None:
        _fail("--format terminal prints to the terminal; choose json, markdown or html for -o", 2)
    errors = Console(stderr=True)
    try:
        with Progress(console=errors, transient=True, disable=len(files) < 2 or not errors.is_terminal) as progress:
            task = progress.add_task("reading", total=len(files))
            loaded = read_inputs(paths, pdf_dirs, on_progress=lambda _: progress.advance(task), cross_check=cross_check)
        report = build_report(loaded, entries, str(review) if review is not None else None, corrections)
        text = _render_report(report, loaded, report_format)
    except Exception as error:  # a bug: one line, unless --debug
        if debug:
            raise
        _fail(f"internal error ({type(error).__name__}: {error}); run with --debug for details", 1)
    _say_skipped(loaded)
    for item in loaded:
        if item.note is not None:
            click.echo(f"note: {item.input}: {item.note}", err=True)
    _say_stale_entries(review, report)
    for note in report.stale_corrections:
        click.echo(printable(f"warning: {corrections_file}: stale correction ({note.correction}): {note.stale}"), err=True)
    if corrections_file is not None:
        click.echo(f"{len(report.corrections)} corrections applied from {corrections_file}", err=True)
    if report.unreasoned:
        click.echo(f"note: {review}: {len(report.unreasoned)} entries have no reason, so their findings are not accepted", err=True)
    if write_file is not None:
        write_atomically(write_file, review_text(report.findings, entries))
        dropped = f"; {len(report.stale)} stale entries dropped" if report.stale else ""
        click.echo(f"{len(report.findings)} findings written, {len(report.accepted)} with their reasons kept{dropped} -> {write_file}", err=True)
    if report_format == "html":
        without = [str(item.input) for item in loaded if item.annex is not None and item.pdf is None]
        if without:
            shown = ", ".join(without[:3]) + (f" and {len(without) - 3} more" if len(without) > 3 else "")
            click.echo(f"warning: no page images for {shown}: their PDFs were not found (give --pdfs DIR)", err=True)
    if report_format == "terminal":
        from .report import print_terminal

        print_terminal(report, Console(width=None if sys.stdout.isatty() else 200))
    elif target is None:
        click.echo(text, nl=False)
    else:
        write_atomically(target, text)
        click.echo(
            f"{len(report.documents)} documents{f', {len(report.failed)} unreadable;' if report.failed else ','} "
            f"{report.tally()} -> {output}",
            err=True,
        )
    for document in report.failed:
        click.echo(printable(f"failed: {document.error}"), err=True)
    if report.failed:
        sys.exit(BATCH_FAILED)
    if fails(report, fail_on):
        sys.exit(QA_FINDINGS)


@main.command(epilog=EXIT_STATUS)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "file_format",
    type=click.Choice(("csv", "parquet", "csl-json", "sqlite")),
    default=None,
    help="csv or parquet: the panel, with the scores and references tables beside it; csl-json: every cited work as CSL-JSON, one file; "
    "sqlite: one database (annexes, scorecard items, indicators, footnotes, references, citations, findings; full-text search) with "
    "NAME.metadata.json for Datasette beside it [default: from the -o suffix, .csv, .parquet, .json or .db/.sqlite].",
)
@click.option("--wide", is_flag=True, help="The panel with one row per country and year and one column per indicator key (its rating), instead of one row per indicator.")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="The panel's file (- for stdout); the scores and references tables go beside it as NAME.scores.EXT and NAME.references.EXT.")
@FORMULA_OPTION
@CORRECTIONS_OPTION
@click.option(
    "--accepted",
    "accepted_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="With sqlite: the review file of accepted findings (see qa --accepted); the findings table says which are accepted and why.",
)
def export(
    paths: tuple[Path, ...], file_format: str | None, wide: bool, output: Path, escape_formulas: bool, corrections_file: Path | None, accepted_file: Path | None
) -> None:
    """Export annexparse JSON (files or folders, e.g. a batch's output) as a tidy panel with scores and references tables, or the cited works as CSL-JSON."""
    from .audit import expand, read_inputs
    from .panel import TABLE_SUFFIXES, ParquetUnavailable, encode_csl, encode_tables, references_path, scores_path
    from .sources import csl_items

    files = _inputs(paths, expand)
    target = _output(output, files)
    if file_format is None:
        if target is not None and output.suffix.lower() not in TABLE_SUFFIXES:
            _fail(f"{output}: unknown export format '{output.suffix}' (name the file .csv, .parquet, .json or .db, or give --format)", 2)
        file_format = TABLE_SUFFIXES.get(output.suffix.lower(), "csv")
    if file_format == "sqlite":
        if target is None:
            _fail("a SQLite database cannot go to stdout: give -o FILE.db", 2)
        _sqlite_export(paths, files, target, output, corrections_file, accepted_file)
        return
    if accepted_file is not None:
        _fail("--accepted applies to the findings table of a SQLite export (-o FILE.db); qa --accepted reports them", 2)
    beside = [] if file_format == "csl-json" or target is None else [scores_path(target), references_path(target)]
    beside_targets = [_output(path, files) for path in beside]
    corrections = _corrections(corrections_file)
    loaded = read_inputs(paths)
    _say_skipped(loaded)
    annexes = _say_left_out(loaded)
    corrected = None
    if corrections_file is not None:
        from .corrections import apply_corrections

        corrected = apply_corrections(annexes, corrections)
        annexes = corrected.annexes
        _say_corrections(corrections_file, corrected)
    try:
        items = csl_items(annexes) if file_format == "csl-json" else []
        encoded = [encode_csl(items)] if file_format == "csl-json" else list(encode_tables(annexes, file_format, wide, escape_formulas, corrected))
    except ParquetUnavailable as error:
        _fail(str(error), 2)
    if target is None:
        sys.stdout.buffer.write(encoded[0])
        sys.stdout.flush()
        where = "stdout" + ("" if file_format == "csl-json" else " (the panel only)")
    else:
        write_atomically(target, encoded[0])
        for path, data in zip(beside_targets, encoded[1:]):
            write_atomically(path, data)
        shown = [scores_path(output), references_path(output)] if beside else []  # as the user named them
        where = str(output) + "".join(f"; {name} -> {path}" for name, path in zip(("scores", "references"), shown))
    if file_format == "csl-json":
        cited = sum(len(item["custom"]["cited_in"]) for item in items)
        click.echo(f"{len(items)} works cited {cited} times in {len(annexes)} annexes -> {where}", err=True)
    else:
        rows = f"{len(annexes)} annex rows (wide)" if wide else f"{sum(len(a.indicators) for a in annexes)} indicator rows of {len(annexes)} annexes"
        click.echo(f"{rows} -> {where}", err=True)
    if any(item.annex is None and item.skipped is None for item in loaded):
        sys.exit(BATCH_FAILED)


def _sqlite_export(paths, files, target: Path, output: Path, corrections_file: Path | None, accepted_file: Path | None) -> None:
    """`export -o archive.db`: the database and its Datasette metadata beside it."""
    from .audit import read_inputs
    from .database import export_archive, metadata_path

    _output(metadata_path(target), files)  # never over an input
    corrections = _corrections(corrections_file)
    entries = _review(accepted_file)
    loaded = read_inputs(paths)
    _say_skipped(loaded)
    _, report, corrected = export_archive(loaded, target, corrections, entries, str(accepted_file) if accepted_file else None)
    if corrected is not None:
        _say_corrections(corrections_file, corrected)
    annexes = _say_left_out(loaded)
    _say_stale_entries(accepted_file, report)
    indicators = sum(len(a.indicators) for a in annexes)
    accepted = f" ({len(report.accepted)} accepted)" if accepted_file else ""
    click.echo(
        printable(f"{len(annexes)} annexes, {indicators} indicators, {len(report.findings)} findings{accepted} -> {output}; metadata -> {metadata_path(output)}"),
        err=True,
    )
    if any(item.annex is None and item.skipped is None for item in loaded):
        sys.exit(BATCH_FAILED)


def _say_left_out(loaded) -> list:
    """Say which inputs repeat an edition (left out) and which could not be read; the annexes kept."""
    from .audit import distinct_editions

    read, repeats, annexes = distinct_editions(loaded)
    for k, (kept, why) in sorted(repeats.items()):
        click.echo(printable(f"skipped: {read[k].input}: {why} as {read[kept].input}"), err=True)
    for item in loaded:
        if item.annex is None and item.skipped is None:
            click.echo(printable(f"failed: {item.error}"), err=True)
    return annexes


def _say_corrections(path: Path, corrected) -> None:
    for stale in corrected.stale:
        click.echo(printable(f"warning: {path}: stale correction ({stale.correction.label()}): {stale.why}"), err=True)
    click.echo(f"{len(corrected.applied)} corrections applied from {path}", err=True)


def _say_stale_entries(path: Path | None, report) -> None:
    for entry in report.stale:
        click.echo(printable(f"warning: {path}: stale entry {entry.id}: it matches no finding any more"), err=True)


def _review(path: Path | None) -> list:
    """The entries of a review file (it must exist); one that cannot be used ends the command (exit 2)."""
    if path is None:
        return []
    from .review import read_review

    try:
        return read_review(path, must_exist=True)
    except AnnexError as error:
        _fail(printable(str(error)), error.exit_code)


def _corrections(path: Path | None) -> list:
    """The entries of a corrections file; one that cannot be used ends the command (exit 2)."""
    if path is None:
        return []
    from .corrections import read_corrections

    try:
        return read_corrections(path)
    except AnnexError as error:
        _fail(printable(str(error)), error.exit_code)


def _inputs(paths: Sequence[Path], expand) -> list[Path]:
    """The input files under `paths`; a path that does not exist, or inputs that hold no PDF or
    JSON at all, end the command (exit 2)."""
    for path in paths:
        if not path.exists():
            _fail(f"{path}: no such file or folder", 2)
    files = expand(paths)
    if not files:
        _fail(f"{', '.join(map(str, paths))}: no PDF or annexparse JSON here", 2)
    return files


def _output(output: Path | None, inputs: Sequence[Path]) -> Path | None:
    """Where -o writes (None: stdout); refused, exit 2, when writing would destroy a file."""
    if output is None:
        return None
    try:
        return output_target(output, inputs)
    except UsageError as error:
        _fail(str(error), error.exit_code)


def _say_skipped(loaded) -> None:
    for item in loaded:
        if item.skipped is not None:
            click.echo(printable(f"skipped: {item.input}: {item.skipped}"), err=True)


def _render_report(report, loaded, report_format: str) -> str:
    if report_format == "json":
        return report.model_dump_json(indent=2) + "\n"
    if report_format == "markdown":
        from .report import to_markdown

        return to_markdown(report, [item.annex for item in loaded if item.annex is not None])
    if report_format == "html":
        from .report_html import to_html

        return to_html(report, loaded)
    return ""


if __name__ == "__main__":
    main()
