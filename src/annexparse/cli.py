"""The `annexparse` command: a thin layer over the library.

Exit status: 0 success; 1 internal error (a bug: run again with --debug);
2 usage error; 3 not a PDF; 4 empty file; 5 truncated or damaged PDF;
6 encrypted PDF; 7 no text layer; 8 no annex table found; for `batch`,
9 when any file failed (each failure is reported on its own line).
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


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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


if __name__ == "__main__":
    main()
