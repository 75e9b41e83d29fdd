"""Converting an archive: parallel, incremental, guarded, and safe to kill.

Every PDF under a folder becomes `OUTPUT/<relative path>.json`. Files are
read by worker processes (`pipeline.read`), forked from this one (which has
already imported the pipeline, so a worker starts in milliseconds), at most
`jobs` at a time, largest files first. A worker reads one file after another
(a fork per file cost a sixth of a second each: the copied memory, and spaCy's
caches built again), and is replaced after `WORKER_FILES` files or when its
memory has grown. A worker that runs past `timeout` seconds on a file or whose
resident memory passes `max_memory_mb` is killed and the file reported, and a
fresh worker takes the next file; nothing a file does can stop the others. spaCy, needed only to
complete an annex (`pipeline.complete`: the citations' sentences), is
imported here while the first workers read; those send their annexes back and
this process completes them (they read one file after another until spaCy is
imported, then make way), later workers inherit spaCy and complete their own.
Each JSON is written atomically and workers die with the batch, so a
batch killed at any moment leaves only whole files; the next run skips every
file whose sha256 and annexparse version match its JSON (or its failure
recorded in the index) and converts the rest.

The index (`index.json`, `index.csv`) lists every PDF with its outcome; it is
rewritten atomically every few seconds and at the end.
"""
from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .errors import AnnexError
from .files import annexparse_stamp, csv_cell, file_sha256, remove_stale_temporaries, write_atomically
from .version import __version__

INDEX_JSON, INDEX_CSV = "index.json", "index.csv"
INDEX_EVERY = 2.0  # seconds between index rewrites during a run
POLL = 0.05  # seconds between checks of the running workers

Status = Literal["converted", "partial", "unchanged", "failed", "orphaned"]
ORPHANS = ".orphans"  # where the JSON of PDFs no longer in the archive is moved (a user can get it back)


class IndexEntry(BaseModel):
    """One PDF of the archive and what became of it."""

    model_config = ConfigDict(extra="ignore")

    file: str = Field(description="the PDF, relative to the archive folder")
    sha256: str = Field(description="SHA-256 of the PDF's bytes, hex (a file whose hash is unchanged is not converted again)")
    status: Status = Field(description="converted, partial (read with damage findings), unchanged (skipped: same hash), failed, or orphaned (its PDF left the archive; its JSON was moved to .orphans)")
    reason: str | None = Field(None, description="why it failed, one line")
    country: str | None = Field(None, description="the annex's country")
    year: int | None = Field(None, description="the annex's edition year")
    errors: int = Field(0, description="its error findings")
    warnings: int = Field(0, description="its warning findings")
    pages: int | None = Field(None, description="its number of pages")
    seconds: float | None = Field(None, description="how long its conversion took")
    output: str | None = Field(None, description="the JSON written, relative to the output folder")
    annexparse_version: str = Field(__version__, description="the annexparse that converted it")
    limits: str | None = Field(None, description="for a failure: the options it failed under; it is tried again when they change")


class Index(BaseModel):
    """A batch's index (`index.json`): every PDF of the archive and what became of it."""

    annexparse_version: str = Field(description="the annexparse that wrote the index")
    files: list[IndexEntry] = Field(description="one entry per PDF, in the archive's order")


INDEX_SCHEMA_ID = "urn:annexparse:schema:index:1"


def index_json_schema() -> dict:
    """The JSON Schema of `index.json`."""
    from .models import documented_schema

    return documented_schema(Index, INDEX_SCHEMA_ID)


CSV_COLUMNS = ("file", "sha256", "country", "year", "status", "reason", "errors", "warnings", "pages", "seconds", "output")


@dataclass(frozen=True)
class Options:
    jobs: int = 1
    force: bool = False
    timeout: float | None = None
    max_memory_mb: int | None = None
    password: str | None = None
    pretty: bool = False
    loader: str = "pdfium"
    strict: bool = False
    cross_check: bool = False
    escape_formulas: bool = True  # index.csv: text a spreadsheet would run as a formula escaped

    @property
    def limits(self) -> str:
        """What a failure may depend on besides the file: it is tried again when these change."""
        return f"timeout={self.timeout};max_memory={self.max_memory_mb};password={'yes' if self.password else 'no'};strict={'yes' if self.strict else 'no'}"


@dataclass(frozen=True)
class Job:
    pdf: Path
    relative: str
    target: Path
    sha256: str


@dataclass
class BatchSummary:
    entries: list[IndexEntry] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for e in self.entries if e.status == status)

    @property
    def failed(self) -> list[IndexEntry]:
        return [e for e in self.entries if e.status == "failed"]


# ---------------------------------------------------------------------------
# planning


def find_pdfs(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())


def read_index(output_dir: Path) -> dict[str, IndexEntry]:
    try:
        rows = json.loads((output_dir / INDEX_JSON).read_text(encoding="utf-8"))["files"]
        return {row["file"]: IndexEntry.model_validate(row) for row in rows}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _converted_already(target: Path, sha256: str) -> bool:
    """True when `target` is a whole annexparse JSON of this file by this version."""
    stamp = annexparse_stamp(target)
    return stamp is not None and stamp.sha256 == sha256 and stamp.version == __version__


def _entry_from_json(job: Job, output_dir: Path) -> IndexEntry:
    from .models import Annex

    annex = Annex.model_validate_json(job.target.read_bytes())
    return _entry_for(job, output_dir, annex, "unchanged", None)


def _entry_for(job: Job, output_dir: Path, annex, status: Status, seconds: float | None) -> IndexEntry:
    return IndexEntry(
        file=job.relative,
        sha256=job.sha256,
        status="partial" if status == "converted" and annex.damage else status,
        country=annex.country,
        year=annex.year,
        errors=annex.count_issues("error"),
        warnings=annex.count_issues("warning"),
        pages=annex.source.pages,
        seconds=seconds,
        output=str(job.target.relative_to(output_dir)),
    )


def plan(directory: Path, output_dir: Path, options: Options) -> tuple[list[Job], list[IndexEntry]]:
    """The files to convert, and the entries of those unchanged since their last run.

    Unchanged: same sha256 and annexparse version, and either a whole JSON of
    it in the output, or a failure recorded under the same limits.
    """
    force = options.force
    previous = read_index(output_dir)
    jobs: list[Job] = []
    unchanged: list[IndexEntry] = []
    for pdf in find_pdfs(directory):
        relative = pdf.relative_to(directory).as_posix()
        job = Job(pdf, relative, output_dir / Path(relative).with_suffix(".json"), file_sha256(pdf))
        before = previous.get(relative)
        same_file = before is not None and before.sha256 == job.sha256 and before.annexparse_version == __version__
        if not force and _converted_already(job.target, job.sha256):
            if same_file and before.status != "failed":
                unchanged.append(before.model_copy(update={"status": "unchanged"}))
            else:
                unchanged.append(_entry_from_json(job, output_dir))
        elif not force and same_file and before.status == "failed" and before.limits == options.limits:
            unchanged.append(before)
        else:
            jobs.append(job)
    return jobs, unchanged


def largest_first(jobs: Sequence[Job]) -> list[Job]:
    """The order to convert in: largest files first, so that no long file is left to run
    alone at the end of a parallel batch. (The index keeps the archive's order.)"""
    return sorted(jobs, key=lambda job: -_size(job.pdf))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # gone since planning: its worker will say so
        return 0


# ---------------------------------------------------------------------------
# workers


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the batch dies (even by kill -9)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the parent's own kill of its workers remains
        pass


BACKSTOP = 2  # the address-space cap, in multiples of --max-memory above a worker's start


def _cap_address_space(max_memory_mb: int | None) -> None:
    """A hard backstop under the resident-memory watch: an allocation past the cap fails in the
    worker. The cap sits well above the watched limit, so that the watch stops a worker first:
    an allocation that fails inside PDFium aborts the worker, whose death then says nothing."""
    if not max_memory_mb:
        return
    try:
        import resource

        import psutil

        current = psutil.Process().memory_info().vms
        limit = current + BACKSTOP * max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def _serve(output_dir: Path, options: Options, complete_here: bool, connection: Connection) -> None:
    """Body of a worker process: read the files the batch sends, one after another
    (`pipeline.read`), until it sends None. Forked after the batch imported spaCy
    (`complete_here`), it completes each annex and writes its JSON itself and sends back its
    index entry; forked before, it sends back each annex for the batch to complete (the batch
    stops it once spaCy is imported). A failure sends its index entry."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle
    _die_with_parent()
    _cap_address_space(options.max_memory_mb)
    import gc

    gc.disable()  # collected between files, when no one waits for the worker's answer
    while True:
        try:
            job = connection.recv()
        except EOFError:  # the batch is gone
            break
        if job is None:
            break
        start = time.perf_counter()
        try:
            from .pipeline import read

            annex = read(job.pdf, password=options.password, loader=options.loader, strict=options.strict)
            message = _Read(annex=annex, seconds=time.perf_counter() - start)
            if complete_here:
                message = _finish(job, message, output_dir, options)
        except Exception as error:  # a bug shows as this file's failure, never the batch's
            message = _failed(job, _reason(error, options), time.perf_counter() - start)
        connection.send(message)
        del message
        gc.collect()
    connection.close()
    os._exit(0)


@dataclass(frozen=True)
class _Read:
    """What a worker sends back when it read its file."""

    annex: object  # models.Annex, from pipeline.read
    seconds: float


def _finish(job: Job, read: _Read, output_dir: Path, options: Options) -> IndexEntry:
    """Complete a read annex (sentences, validation) and write its JSON."""
    start = time.perf_counter()
    try:
        from .pipeline import complete

        annex = complete(read.annex)
        if options.cross_check:
            from .crosscheck import cross_check

            annex = cross_check(annex, job.pdf, options.password)
        write_atomically(job.target, annex.model_dump_json(indent=2 if options.pretty else None) + "\n")
    except Exception as error:  # a bug shows as this file's failure, never the batch's
        return _failed(job, _reason(error, options), read.seconds)
    return _entry_for(job, output_dir, annex, "converted", round(read.seconds + time.perf_counter() - start, 3))


def _reason(error: Exception, options: Options) -> str:
    """The index's reason for a file whose reading or completing raised `error`."""
    if isinstance(error, AnnexError):
        return error.description
    if isinstance(error, MemoryError):
        return f"too large: needs more than {options.max_memory_mb} MB"
    return f"internal error ({type(error).__name__}: {error})"


def _failed(job: Job, reason: str, seconds: float | None) -> IndexEntry:
    return IndexEntry(file=job.relative, sha256=job.sha256, status="failed", reason=reason, seconds=round(seconds, 3) if seconds else None)


WORKER_FILES = 100  # files a worker reads before a fresh one takes its place
WORKER_GROWTH = 0.5  # a worker whose resident memory grew by this share of --max-memory is replaced


@dataclass
class _Worker:
    """A worker process and the file it is reading (None while it waits for one)."""

    process: multiprocessing.Process
    connection: Connection  # both ways: jobs to it, outcomes from it
    single: bool  # forked before spaCy was imported: it reads files only while spaCy is imported
    resident_mb: float = 0.0  # its resident memory when it started
    job: Job | None = None
    started: float = 0.0
    files: int = 0

    def give(self, job: Job) -> None:
        self.job, self.started, self.files = job, time.monotonic(), self.files + 1
        self.connection.send(job)

    def stop(self) -> None:
        """End the worker (it is killed: nothing it holds is worth waiting for)."""
        self.process.kill()
        self.process.join()
        self.connection.close()


def _fork_worker(context, output_dir: Path, options: Options, complete_here: bool) -> _Worker:
    ours, theirs = context.Pipe(duplex=True)
    process = context.Process(target=_serve, args=(output_dir, options, complete_here, theirs), daemon=True)
    process.start()
    theirs.close()
    return _Worker(process, ours, single=not complete_here, resident_mb=_resident_mb(process.pid))


def _keeps_serving(worker: _Worker, options: Options, importing: bool) -> bool:
    """Whether a worker that answered takes another file: one forked before spaCy only while
    spaCy is still being imported (`importing`: no worker that completes its own annexes can
    be forked meanwhile), not one that read `WORKER_FILES`, not one whose memory grew by
    `WORKER_GROWTH` of the limit (what a file leaves behind in a worker goes with it)."""
    if (worker.single and not importing) or worker.files >= WORKER_FILES or not worker.process.is_alive():
        return False
    return not options.max_memory_mb or _resident_mb(worker.process.pid) - worker.resident_mb < WORKER_GROWTH * options.max_memory_mb


def _resident_mb(pid: int) -> float:
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / (1024 * 1024)
    except Exception:  # the worker has just ended
        return 0.0


def _warm_up(loader: str, cross_check: bool = False) -> None:
    """Import what every worker needs once, before forking, so each worker starts warm (camelot
    too for `--cross-check`: imported in each worker, it cost half a second a file)."""
    import psutil  # noqa: F401  (each worker measures its memory with it)

    from .loaders import get_loader
    from .pipeline import read  # noqa: F401

    get_loader(loader).import_library()
    if cross_check:
        from .loaders import second_reader

        second_reader.import_library()
    _freeze_heap()


def _start_importing_spacy() -> threading.Thread:
    """Import spaCy for `pipeline.complete` in a thread, started once the first workers run, and
    build the sentences' and the references' pipelines: its second of importing overlaps their reading, and the batch keeps watching their time
    and memory meanwhile. No worker is forked while the thread runs (a fork would copy the
    import locks it holds)."""

    def import_spacy() -> None:
        try:
            from .references import read_references
            from .sentences import sentence_spans

            sentence_spans("Warm. Up.")
            read_references("World Bank, 2020. Overview, https://www.worldbank.org/. Ibid., p. 3.")  # builds its pipeline
        except Exception:  # pragma: no cover - spaCy broken: each file's completion reports it
            return
        _freeze_heap()

    thread = threading.Thread(target=import_spacy, name="import spaCy", daemon=True)
    thread.start()
    return thread


def _freeze_heap() -> None:
    import gc

    gc.collect()
    gc.freeze()  # what is imported now is never scanned again, in the batch or in its workers


def run_batch(
    directory: Path,
    output_dir: Path,
    options: Options,
    on_start: Callable[[int, int], None] | None = None,
    on_result: Callable[[IndexEntry], None] | None = None,
    on_tick: Callable[[], None] | None = None,
) -> BatchSummary:
    """Convert every PDF under `directory`; returns every file's index entry (also written to the index).

    `on_start(to_convert, unchanged)` is called once planning is done;
    `on_result(entry)` after each file converted or failed; `on_tick()`
    every few hundredths of a second while workers run (to redraw a
    progress bar without a thread of its own: workers are forked).
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(output_dir)
    jobs, unchanged = plan(directory, output_dir, options)
    orphaned = move_orphans(output_dir, {job.target for job in jobs} | {output_dir / e.output for e in unchanged if e.output})
    if on_start:
        on_start(len(jobs), len(unchanged))
    done: dict[str, IndexEntry] = {entry.file: entry for entry in unchanged}
    order = [p.relative_to(directory).as_posix() for p in find_pdfs(directory)]
    if jobs:
        _warm_up(options.loader, options.cross_check)
        context = multiprocessing.get_context("fork")
        pending = largest_first(jobs)
        busy: list[_Worker] = []
        idle: list[_Worker] = []
        last_index = time.monotonic()
        spacy: threading.Thread | None = None  # importing spaCy, once the first workers run
        to_complete: list[tuple[Job, _Read]] = []  # annexes read before spaCy was imported

        def record(entry: IndexEntry) -> None:
            if entry.status == "failed":
                entry = entry.model_copy(update={"limits": options.limits})
            done[entry.file] = entry
            if on_result:
                on_result(entry)

        try:
            while pending or busy or to_complete:
                while pending and len(busy) < max(1, options.jobs):
                    if idle:
                        worker = idle.pop()
                    elif spacy and spacy.is_alive():
                        break  # no fork while spaCy is imported: a fork would copy the import locks it holds
                    else:
                        worker = _fork_worker(context, output_dir, options, complete_here=spacy is not None)
                    worker.give(pending.pop(0))
                    busy.append(worker)
                spacy = spacy or _start_importing_spacy()
                wait([w.connection for w in busy] + [w.process.sentinel for w in busy], timeout=POLL)
                for worker, outcome in _collect(busy, options):
                    busy.remove(worker)
                    if isinstance(outcome, _Read):
                        to_complete.append((worker.job, outcome))
                    else:
                        record(outcome)
                    if _keeps_serving(worker, options, spacy.is_alive()):
                        worker.job = None
                        idle.append(worker)
                    else:
                        worker.stop()
                while to_complete and not spacy.is_alive():
                    record(_finish(*to_complete.pop(0), output_dir, options))
                if on_tick:
                    on_tick()
                if time.monotonic() - last_index > INDEX_EVERY:
                    write_index(output_dir, [done[f] for f in order if f in done], options.escape_formulas)
                    last_index = time.monotonic()
        finally:
            for worker in busy + idle:  # done or interrupted: stop the workers, keep what is whole
                worker.stop()
    summary = BatchSummary([*(done[f] for f in order if f in done), *orphaned])
    write_index(output_dir, summary.entries, options.escape_formulas)
    return summary


def move_orphans(output_dir: Path, current: set[Path]) -> list[IndexEntry]:
    """Move the annexparse JSON under `output_dir` that no PDF of the archive gives any more
    (its PDF was deleted or renamed) to `output_dir/.orphans/`, keeping its relative path, so
    that `qa` and `export` do not read stale editions; returns their index entries."""
    moved = []
    current = {path.resolve() for path in current}
    for path in sorted(output_dir.rglob("*.json")):
        relative = path.relative_to(output_dir)
        if relative.parts[0].startswith(".") or relative.as_posix() == INDEX_JSON or path.resolve() in current:
            continue
        stamp = annexparse_stamp(path)
        if stamp is None:
            continue  # not annexparse output (the user's own file), or unreadable
        target = output_dir / ORPHANS / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        moved.append(
            IndexEntry(
                file=relative.with_suffix(".pdf").as_posix(),
                sha256=stamp.sha256 or "",
                status="orphaned",
                reason="its PDF is no longer in the archive",
                output=(Path(ORPHANS) / relative).as_posix(),
            )
        )
    return moved


def _collect(busy: Sequence[_Worker], options: Options) -> list[tuple[_Worker, IndexEntry | _Read]]:
    """Workers that finished, failed, ran out of time or memory: the index entry of each, or
    the annex it read for the batch to complete. A worker that ran out of time or memory is
    killed."""
    results = []
    now = time.monotonic()
    for worker in busy:
        entry = None
        if worker.connection.poll():
            try:
                message = worker.connection.recv()
            except Exception:  # closed or garbled by a dying worker
                message = None
            entry = message if isinstance(message, (_Read, IndexEntry)) else _died(worker, now)
        elif not worker.process.is_alive():
            worker.process.join()
            entry = _died(worker, now)
        elif options.timeout is not None and now - worker.started > options.timeout:
            worker.process.kill()
            entry = _failed(worker.job, f"timed out after {options.timeout:g} s", now - worker.started)
        elif options.max_memory_mb and _resident_mb(worker.process.pid) > options.max_memory_mb:
            worker.process.kill()
            entry = _failed(worker.job, f"too large: used more than {options.max_memory_mb} MB", now - worker.started)
        if entry is not None:
            results.append((worker, entry))
    return results


def _died(worker: _Worker, now: float) -> IndexEntry:
    worker.process.join(timeout=1)
    code = worker.process.exitcode
    how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    return _failed(worker.job, f"worker died ({how})", now - worker.started)


# ---------------------------------------------------------------------------
# index


def write_index(output_dir: Path, entries: Sequence[IndexEntry], escape_formulas: bool = True) -> None:
    """`index.json` and `index.csv`, each written atomically (in the CSV, a file name a spreadsheet
    would run as a formula escaped unless `escape_formulas` is False: `files.csv_cell`)."""
    document = {"annexparse_version": __version__, "files": [e.model_dump() for e in entries]}
    write_atomically(output_dir / INDEX_JSON, json.dumps(document, indent=1) + "\n")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow({k: ("" if v is None else csv_cell(v, escape_formulas)) for k, v in entry.model_dump().items()})
    write_atomically(output_dir / INDEX_CSV, buffer.getvalue())
