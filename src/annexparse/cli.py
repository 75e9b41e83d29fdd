"""The `annexparse` command: a thin layer over the library.

Exit status: 0 success; 1 internal error (a bug: run again with --debug);
2 usage error; 3 not a PDF; 4 empty file; 5 truncated or damaged PDF;
6 encrypted PDF; 7 no text layer; 8 no annex table found; for `batch` and
`qa`, 9 when any input could not be read (each is reported on its own line);
for `qa --fail-on`, 10 when a finding at or above that severity was found.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click

from . import __version__
from .errors import AnnexError

BATCH_FAILED = 9
QA_FINDINGS = 10
REPORT_FORMATS = ("terminal", "json", "markdown", "html")
SUFFIX_FORMATS = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; give it a normal file's mode
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _render(annex, pretty: bool) -> str:
    return annex.model_dump_json(indent=2 if pretty else None)


def _fail(message: str, code: int) -> None:
    click.echo(f"annexparse: {message}", err=True)
    sys.exit(code)


@click.group()
@click.version_option(__version__, prog_name="annexparse")
def main() -> None:
    """Turn R2P country-assessment annex PDFs into exact, validated, linked JSON."""


@main.command()
@click.argument("pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the JSON to this file (atomically) instead of stdout.")
@click.option("--pretty", is_flag=True, help="Indent the JSON.")
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@click.option("--timings", is_flag=True, help="Print seconds per pipeline stage on stderr.")
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
def extract(pdf: Path, output: Path | None, pretty: bool, password: str | None, timings: bool, debug: bool) -> None:
    """Extract one annex PDF to JSON (stdout, or -o FILE)."""
    from .pipeline import Timings, extract as run

    spent = Timings()
    try:
        if not pdf.exists():
            raise FileNotFoundError(pdf)
        annex = run(pdf, password=password, timings=spent)
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
    if output is None:
        click.echo(text)
    else:
        write_atomically(output, text + "\n")
    if timings:
        for stage, seconds in spent.items():
            click.echo(f"{stage:>11} {seconds * 1000:8.1f} ms", err=True)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the output."""
    from .models import Annex

    click.echo(json.dumps(Annex.model_json_schema(), indent=2))


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "output_dir", default="output", show_default=True, type=click.Path(file_okay=False, path_type=Path), help="Folder for the JSON files.")
@click.option("--pretty", is_flag=True, help="Indent the JSON.")
def batch(directory: Path, output_dir: Path, pretty: bool) -> None:
    """Convert every PDF under DIRECTORY to OUTPUT/<relative path>.json."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .pipeline import extract as run

    pdfs = sorted(p for p in directory.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
    failures = 0
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=None, transient=False
    ) as progress:
        task = progress.add_task("converting", total=len(pdfs))
        for pdf in pdfs:
            target = output_dir / pdf.relative_to(directory).with_suffix(".json")
            try:
                write_atomically(target, _render(run(pdf), pretty) + "\n")
            except AnnexError as error:
                failures += 1
                progress.console.print(f"failed: {error}", highlight=False, markup=False, soft_wrap=True)
            except Exception as error:  # one bad file never stops the batch
                failures += 1
                progress.console.print(f"failed: {pdf}: internal error ({type(error).__name__}: {error})", highlight=False, markup=False, soft_wrap=True)
            progress.advance(task)
    click.echo(f"{len(pdfs) - failures} converted, {failures} failed -> {output_dir}")
    sys.exit(BATCH_FAILED if failures else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "report_format",
    type=click.Choice(REPORT_FORMATS),
    default=None,
    help="Report format [default: from the -o suffix (.json, .md, .html), else terminal].",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to this file (atomically).")
@click.option("--pdfs", "pdf_dirs", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path), help="Folder holding the PDFs of JSON inputs, for page images (repeatable).")
@click.option("--fail-on", type=click.Choice(("error", "warning")), default=None, help="Exit 10 when a finding at or above this severity is found.")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def qa(paths: tuple[Path, ...], report_format: str | None, output: Path | None, pdf_dirs: tuple[Path, ...], fail_on: str | None, debug: bool) -> None:
    """Check annexes (PDFs or annexparse JSON, files or folders) for inconsistencies, within and across editions."""
    from rich.console import Console
    from rich.progress import Progress

    from .qa import build_report, expand, fails, read_inputs

    report_format = report_format or (SUFFIX_FORMATS.get(output.suffix.lower(), "terminal") if output else "terminal")
    if report_format == "terminal" and output is not None:
        _fail("--format terminal prints to the terminal; choose json, markdown or html for -o", 2)
    errors = Console(stderr=True)
    try:
        total = len(expand(paths))
        with Progress(console=errors, transient=True, disable=total < 2) as progress:
            task = progress.add_task("reading", total=total)
            loaded = read_inputs(paths, pdf_dirs, on_progress=lambda _: progress.advance(task))
        report = build_report(loaded)
        text = _render_report(report, loaded, report_format)
    except Exception as error:  # a bug: one line, unless --debug
        if debug:
            raise
        _fail(f"internal error ({type(error).__name__}: {error}); run with --debug for details", 1)
    if report_format == "terminal":
        from .report import print_terminal

        print_terminal(report, Console())
    elif output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)
        click.echo(
            f"{len(report.documents)} documents, {report.count('error')} errors, {report.count('warning')} warnings -> {output}", err=True
        )
    for document in report.failed:
        click.echo(f"failed: {document.error}", err=True)
    if report.failed:
        sys.exit(BATCH_FAILED)
    if fails(report, fail_on):
        sys.exit(QA_FINDINGS)


def _render_report(report, loaded, report_format: str) -> str:
    if report_format == "json":
        return report.model_dump_json(indent=2) + "\n"
    if report_format == "markdown":
        from .report import to_markdown

        return to_markdown(report)
    if report_format == "html":
        from .report_html import to_html

        return to_html(report, loaded)
    return ""


if __name__ == "__main__":
    main()
