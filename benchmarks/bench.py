"""annexparse against the table tools people would otherwise use: speed per page and peak memory.

    .venv/bin/pip install -e '.[bench]'      # camelot-py, pyinstrument
    .venv/bin/python benchmarks/bench.py [--repeat 3] [FILE.pdf ...]

Every measurement runs in a fresh process. In each round the tools run one
after the other in the same order (alternating, so that a change in machine
load hits all of them); the figures are medians over the rounds.

1. Throughput on the given annexes (default: three corpus annexes, 51 pages):
   `annexparse batch --jobs 1 --force` (both loaders, and with `--cross-check`; one
   process start for all files) against camelot stream, camelot lattice (vector and default
   engines) and pdfplumber `extract_tables()`, each over the same files in one
   process. Pages per second, the ratio to annexparse, peak RSS of the
   largest process. `--before CHECKOUT` adds an earlier annexparse (a git
   worktree, say) to the same rounds, for before/after figures.
2. Start-up: `annexparse extract` of one file in a fresh process, and
   `annexparse --version` (the import cost alone).
3. Cost per page: a generated long annex (the detailed table's pages repeated
   to 100+ pages) against a 10-page one.
4. Archive scale: peak RSS and time per page of ../shared/corpus-long's 249-page annex and of a
   generated 431-page one, each in a fresh process (and of `--before`, when given).
5. Parallel speed-up: `annexparse batch --jobs 1` against `--jobs 2` on pdfs/.
6. Per-stage timings of `annexparse extract --timings`, to aim the next
   optimisation at the largest stage.
7. The yardstick (first; `--skip yardstick` leaves it out): `benchmarks/char_read.py` (PDFium reading each
   character's box and nothing more, a byte-identical copy of ../shared/tools/char_read.py; the
   bench says so when they differ) against `annexparse batch --jobs 1 --force`, alternating, on
   every annex of ../shared/corpus, corpus-wp and corpus-tex; median of `--yardstick-repeat`
   (5) rounds; annexparse's time as a multiple of the character read, and the batch's peak RSS
   (and `--before`'s, when given).

This is a script, not a test: nothing here asserts a speed.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ANNEXPARSE = [PYTHON, "-m", "annexparse.cli"]
DEFAULT_FILES = [ROOT / "pdfs" / name for name in ("mongolia-2022.pdf", "japan-2023.pdf", "cambodia-2022.pdf")]

TOOL_SCRIPT = """
import sys, time, resource
tool, files = sys.argv[1], sys.argv[2:]
if tool.startswith("camelot"):
    import camelot
else:
    import pdfplumber
start = time.perf_counter()  # work only: after the imports
if tool.startswith("camelot"):
    for f in files:
        if tool == "camelot-stream":
            tables = camelot.read_pdf(f, pages="all", flavor="stream")
        elif tool == "camelot-lattice-vector":
            tables = camelot.read_pdf(f, pages="all", flavor="lattice", engine="vector")
        else:
            tables = camelot.read_pdf(f, pages="all", flavor="lattice")
elif tool == "pdfplumber-tables":
    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.close()
print(time.perf_counter() - start)
"""


# Where the extractions of the benchmark write their JSON: a file of our own (annexparse refuses to
# replace a device such as /dev/null with its output, and older versions replaced the node).
SINK = Path(tempfile.mkdtemp(prefix="annexparse-bench-")) / "extracted.json"


def measure(command: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) of the largest process of `command` (its workers included), stdout."""
    runner = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "seconds = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(repr((seconds, peak, done.returncode, done.stdout, done.stderr[-2000:])))\n"
    )
    out = subprocess.run([PYTHON, "-c", runner, *command], capture_output=True, text=True, env=env, check=True).stdout
    seconds, peak, code, stdout, stderr = eval(out)  # our own repr
    if code not in (0, 9):
        raise RuntimeError(f"{command[:4]} failed ({code}): {stderr}")
    return seconds, peak, stdout


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def throughput(files: list[Path], repeat: int, before: Path | None = None) -> None:
    pages = sum(page_count(f) for f in files)
    archive = Path(tempfile.mkdtemp(prefix="annexparse-bench-"))
    for f in files:
        shutil.copy(f, archive)
    tools = {
        "annexparse batch (pdfium)": lambda: (*measure([*ANNEXPARSE, "batch", str(archive), "-o", str(archive / "out"), "--jobs", "1", "--force"])[:2], None),
    }
    if before is not None:  # another checkout's annexparse, same interpreter and libraries
        env = {**os.environ, "PYTHONPATH": str(before / "src")}
        tools[f"annexparse batch (pdfium), before: {_revision(before)}"] = lambda: (
            *measure([*ANNEXPARSE, "batch", str(archive), "-o", str(archive / "out-before"), "--jobs", "1", "--force"], env=env)[:2],
            None,
        )
    tools |= {
        "annexparse batch --cross-check (camelot reads each table page again)": lambda: (
            *measure([*ANNEXPARSE, "batch", str(archive), "-o", str(archive / "out-cross"), "--jobs", "1", "--force", "--cross-check"])[:2],
            None,
        ),
        "annexparse batch (pdfplumber)": lambda: (
            *measure([*ANNEXPARSE, "batch", str(archive), "-o", str(archive / "out-plumber"), "--jobs", "1", "--force", "--loader", "pdfplumber"])[:2],
            None,
        ),
        "camelot stream": lambda: _tool("camelot-stream", files),
        "camelot lattice, engine=vector": lambda: _tool("camelot-lattice-vector", files),
        "camelot lattice (default engine)": lambda: _tool("camelot-lattice", files),
        "pdfplumber extract_tables()": lambda: _tool("pdfplumber-tables", files),
    }
    results: dict[str, list[tuple[float, float, float | None]]] = {name: [] for name in tools}
    for round_number in range(repeat):
        for name, run in tools.items():
            seconds, peak, work = run()
            results[name].append((seconds, peak, work))
            print(f"  round {round_number + 1}: {name}: {seconds:.2f} s", file=sys.stderr)
    base = statistics.median(s for s, _, _ in results["annexparse batch (pdfium)"])
    print(f"\n## Throughput: {len(files)} annexes, {pages} pages, median of {repeat} alternating rounds\n")
    print("| tool | seconds (whole process) | pages/s | annexparse is x faster | work only: seconds | work only: pages/s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, runs in results.items():
        seconds = statistics.median(s for s, _, _ in runs)
        peak = max(p for _, p, _ in runs)
        works = [w for _, _, w in runs if w is not None]
        work = f"{statistics.median(works):.2f} | {pages / statistics.median(works):.1f}" if works else "- | -"
        print(f"| {name} | {seconds:.2f} | {pages / seconds:.1f} | {seconds / base:.2f} | {work} | {peak:.0f} |")
    print(
        "\nWhole process: from starting Python to exit, imports included, for every tool alike. "
        "Work only: the tools' own calls, timed inside their process (without Python start-up and imports)."
    )
    shutil.rmtree(archive, ignore_errors=True)


def _revision(checkout: Path) -> str:
    done = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() or checkout.name


def _tool(tool: str, files: list[Path]) -> tuple[float, float, float]:
    seconds, peak, stdout = measure([PYTHON, "-c", TOOL_SCRIPT, tool, *map(str, files)])
    return seconds, peak, float(stdout.strip().splitlines()[-1])


def startup(file: Path, repeat: int) -> None:
    extract, version = [], []
    for _ in range(repeat):
        extract.append(measure([*ANNEXPARSE, "extract", str(file), "-o", str(SINK)])[0])
        version.append(measure([*ANNEXPARSE, "--version"])[0])
    print(f"\n## Start-up (fresh process, median of {repeat})\n")
    print(f"- `annexparse --version`: {statistics.median(version):.3f} s (interpreter + CLI imports)")
    print(f"- `annexparse extract {file.name}` ({page_count(file)} pages, start-up included): {statistics.median(extract):.3f} s")


FRONT_PAGES = 4  # cover, introduction, scorecard and scores come before the detailed table


def long_annex(source: Path, pages: int, target: Path) -> Path:
    """The front pages of `source`, then its detailed-table pages repeated, `pages` pages in all."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(source))
    writer = PdfWriter()
    for page in reader.pages[:FRONT_PAGES]:
        writer.add_page(page)
    body = list(range(FRONT_PAGES, len(reader.pages)))
    while len(writer.pages) < pages:
        writer.add_page(reader.pages[body[(len(writer.pages) - FRONT_PAGES) % len(body)]])
    writer.write(str(target))
    return target


def cost_per_page(source: Path, repeat: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="annexparse-long-"))
    short, middle, long = (long_annex(source, n, folder / f"annex-{n}.pdf") for n in (10, 52, 104))
    rows = []
    for path in (short, middle, long):
        seconds = statistics.median(_in_process_seconds(path) for _ in range(repeat))
        rows.append((path, page_count(path), seconds, measure([*ANNEXPARSE, "extract", str(path), "-o", str(SINK)])[1]))
    print("\n## Cost per page: a long annex against a short one (extraction in a warm process)\n")
    print("| annex | pages | seconds | ms/page | peak RSS MB |")
    print("|---|---:|---:|---:|---:|")
    for path, pages, seconds, peak in rows:
        print(f"| {path.name} | {pages} | {seconds:.2f} | {1000 * seconds / pages:.1f} | {peak:.0f} |")
    print(
        f"\nAll are made the same way (the {FRONT_PAGES} light front pages, then detailed-table pages repeated). "
        f"The {rows[2][1]}-page annex costs {rows[2][2] / rows[0][2]:.1f}x the {rows[0][1]}-page one "
        f"({rows[2][1] / rows[0][1]:.1f}x the pages, but 6 of the 10 are table pages against 100 of the 104); "
        f"against the {rows[1][1]}-page one, whose pages are as dense, it costs {rows[2][2] / rows[1][2]:.2f}x "
        f"({rows[2][1] / rows[1][1]:.2f}x the pages)."
    )
    shutil.rmtree(folder, ignore_errors=True)


def _in_process_seconds(path: Path) -> float:
    script = (
        "import sys, time, annexparse\n"
        "annexparse.extract(sys.argv[1])\n"  # warm: imports, spaCy
        "start = time.perf_counter(); annexparse.extract(sys.argv[1]); print(time.perf_counter() - start)\n"
    )
    out = subprocess.run([PYTHON, "-c", script, str(path)], capture_output=True, text=True)
    lines = out.stdout.strip().splitlines()
    if out.returncode != 0 or not lines:  # a generated annex may hold findings, never fail
        raise RuntimeError(out.stderr[-1000:])
    return float(lines[-1])


def parallel(repeat: int) -> None:
    archive = ROOT / "pdfs"
    pages = sum(page_count(f) for f in archive.glob("*.pdf"))
    times = {1: [], 2: []}
    out = Path(tempfile.mkdtemp(prefix="annexparse-jobs-"))
    for _ in range(repeat):
        for jobs in (1, 2):
            times[jobs].append(measure([*ANNEXPARSE, "batch", str(archive), "-o", str(out / str(jobs)), "--jobs", str(jobs), "--force"])[0])
    one, two = statistics.median(times[1]), statistics.median(times[2])
    print(f"\n## Parallel: `annexparse batch pdfs --force`, {pages} pages, {os.cpu_count()} cores, median of {repeat}\n")
    print(f"- `--jobs 1`: {one:.2f} s ({pages / one:.1f} pages/s)")
    print(f"- `--jobs 2`: {two:.2f} s ({pages / two:.1f} pages/s), speed-up {one / two:.2f}x")
    shutil.rmtree(out, ignore_errors=True)


def stages(file: Path, repeat: int) -> None:
    """Per-stage milliseconds of both loaders (before and after the pypdfium2 load stage), medians."""
    runs: dict[str, dict[str, list[float]]] = {"pdfium": {}, "pdfplumber": {}}
    for _ in range(repeat):
        for loader in runs:
            done = subprocess.run(
                [*ANNEXPARSE, "extract", str(file), "-o", str(SINK), "--timings", "--loader", loader], capture_output=True, text=True, check=True
            )
            for line in done.stderr.strip().splitlines():
                stage, milliseconds, _ = line.split()
                runs[loader].setdefault(stage, []).append(float(milliseconds))
    print(f"\n## Stages: `annexparse extract {file.name} --timings [--loader pdfplumber]`, ms, median of {repeat}\n")
    print("The first extraction in a fresh process: `sentences` includes importing spaCy (once per process; a batch imports it while its first workers read).\n")
    print("| stage | --loader pdfplumber (before) | pdfium (after, default) |")
    print("|---|---:|---:|")
    for stage in runs["pdfium"]:
        before, after = statistics.median(runs["pdfplumber"].get(stage, [0.0])), statistics.median(runs["pdfium"][stage])
        print(f"| {stage} | {before:.1f} | {after:.1f} |")


CHAR_READ = ROOT / "benchmarks" / "char_read.py"
SHARED_CHAR_READ = ROOT.parent / "shared" / "tools" / "char_read.py"
YARDSTICK_CORPORA = [ROOT.parent / "shared" / name for name in ("corpus", "corpus-wp", "corpus-tex")]


def yardstick(repeat: int, before: Path | None = None) -> None:
    """annexparse's batch as a multiple of PDFium's bare character read, on the same annexes."""
    if SHARED_CHAR_READ.exists() and SHARED_CHAR_READ.read_bytes() != CHAR_READ.read_bytes():
        print(f"\nWARNING: {CHAR_READ.relative_to(ROOT)} differs from {SHARED_CHAR_READ}; copy it again before quoting the ratio.")
    files = [f for corpus in YARDSTICK_CORPORA if corpus.is_dir() for f in sorted(corpus.glob("*.pdf"))]
    if not files:
        print("\n(no ../shared/corpus*: yardstick skipped)")
        return
    archive = Path(tempfile.mkdtemp(prefix="annexparse-yardstick-"))
    for f in files:
        shutil.copy(f, archive)
    pages = sum(page_count(f) for f in files)
    tools: dict[str, tuple[list[str], dict | None]] = {
        "annexparse batch --jobs 1": ([*ANNEXPARSE, "batch", str(archive), "-o", str(archive / "out"), "--jobs", "1", "--force"], None),
        "char_read.py": ([PYTHON, str(CHAR_READ), *map(str, sorted(archive.glob("*.pdf")))], None),
    }
    if before is not None:
        tools[f"annexparse batch --jobs 1, before: {_revision(before)}"] = (
            [*ANNEXPARSE, "batch", str(archive), "-o", str(archive / "out-before"), "--jobs", "1", "--force"],
            {**os.environ, "PYTHONPATH": str(before / "src")},
        )
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in tools}
    for round_number in range(repeat):
        for name, (command, env) in tools.items():
            seconds, peak, _ = measure(command, env=env)
            results[name].append((seconds, peak))
            print(f"  yardstick round {round_number + 1}: {name}: {seconds:.2f} s", file=sys.stderr)
    base = statistics.median(s for s, _ in results["char_read.py"])
    print(f"\n## Yardstick: {len(files)} annexes of corpus, corpus-wp, corpus-tex, {pages} pages, median of {repeat} alternating rounds\n")
    print("| process | seconds | pages/s | x char_read.py | peak RSS MB |")
    print("|---|---:|---:|---:|---:|")
    for name, runs in results.items():
        seconds = statistics.median(s for s, _ in runs)
        print(f"| {name} | {seconds:.2f} | {pages / seconds:.1f} | {seconds / base:.2f} | {max(p for _, p in runs):.0f} |")
    shutil.rmtree(archive, ignore_errors=True)


CORPUS_LONG = ROOT.parent / "shared" / "corpus-long" / "maldives-2019-long.pdf"
ARCHIVE_PAGES = 431  # the generated archive-scale annex


def archive_scale(repeat: int, before: Path | None = None) -> None:
    """Peak memory and time per page of a long annex (../shared/corpus-long) and of a generated
    one of 431 pages (its table pages repeated), each extracted in a fresh process."""
    if not CORPUS_LONG.exists():
        print(f"\n(no {CORPUS_LONG}: archive-scale rows skipped)")
        return
    folder = Path(tempfile.mkdtemp(prefix="annexparse-archive-"))
    generated = long_annex(CORPUS_LONG, ARCHIVE_PAGES, folder / f"annex-{ARCHIVE_PAGES}.pdf")
    tools = [("annexparse", ANNEXPARSE, None)]
    if before is not None:
        tools.append((f"before: {_revision(before)}", [PYTHON, "-m", "annexparse.cli"], {**os.environ, "PYTHONPATH": str(before / "src")}))
    rows = []
    for label, command, env in tools:
        for path in (CORPUS_LONG, generated):
            runs = [measure([*command, "extract", str(path), "-o", str(SINK)], env=env) for _ in range(repeat)]
            seconds = statistics.median(r[0] for r in runs)
            rows.append((label, path.name, page_count(path), seconds, max(r[1] for r in runs)))
    print(f"\n## Archive scale: one long annex per process, median of {repeat}\n")
    print("| code | annex | pages | seconds | ms/page | peak RSS MB |")
    print("|---|---|---:|---:|---:|---:|")
    for label, name, pages, seconds, peak in rows:
        print(f"| {label} | {name} | {pages} | {seconds:.2f} | {1000 * seconds / pages:.1f} | {peak:.0f} |")
    per_page = {name: seconds / pages for label, name, pages, seconds, _ in rows if label == "annexparse"}
    print(f"\nThe {ARCHIVE_PAGES}-page annex costs {per_page[generated.name] / per_page[CORPUS_LONG.name]:.2f}x the time per page of corpus-long.")
    shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip", nargs="*", default=[], choices=["throughput", "startup", "long", "archive", "parallel", "stages", "yardstick"])
    parser.add_argument("--yardstick-repeat", type=int, default=5, help="rounds of the yardstick (default 5)")
    parser.add_argument("--before", type=Path, help="a checkout of an earlier annexparse, measured in the same rounds (throughput)")
    args = parser.parse_args()
    print(f"# annexparse benchmark ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, Python {sys.version.split()[0]})")
    if "yardstick" not in args.skip:
        yardstick(args.yardstick_repeat, args.before)
    if "throughput" not in args.skip:
        throughput(args.files, args.repeat, args.before)
    if "startup" not in args.skip:
        startup(args.files[0], args.repeat)
    if "long" not in args.skip:
        cost_per_page(args.files[0], args.repeat)
    if "archive" not in args.skip:
        archive_scale(args.repeat, args.before)
    if "parallel" not in args.skip:
        parallel(args.repeat)
    if "stages" not in args.skip:
        stages(args.files[0], args.repeat)


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(SINK.parent, ignore_errors=True)
