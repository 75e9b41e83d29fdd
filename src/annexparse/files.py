"""Writing outputs safely: a temporary file beside the target, then a rename.

A reader never sees a half-written file, whatever happens to the writer (a
crash, `kill -9`): it sees the old file or the new one. A writer killed
mid-write leaves a hidden temporary (`.NAME.*.tmp`); `remove_stale_temporaries`
clears them before a batch starts.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError

TEMPORARY_SUFFIX = ".tmp"
HEAD_BYTES = 4096  # an annexparse JSON names its version and its PDF's sha256 in its first bytes (`source`)
_VERSION = re.compile(r'"annexparse_version"\s*:\s*"([^"]+)"')
_SHA256 = re.compile(r'"sha256"\s*:\s*"([0-9a-f]{64})"')


@dataclass(frozen=True)
class Stamp:
    """What the first bytes of an annexparse JSON say about it (None where not found)."""

    version: str | None
    sha256: str | None


def annexparse_stamp(path: Path) -> Stamp | None:
    """The annexparse version and PDF hash an annexparse JSON starts with, read from its first
    `HEAD_BYTES` without parsing it; None for a file that is not annexparse output (its head
    names no `annexparse_version`) or cannot be read."""
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
    if '"annexparse_version"' not in head:
        return None
    version, sha256 = _VERSION.search(head), _SHA256.search(head)
    return Stamp(version.group(1) if version else None, sha256.group(1) if sha256 else None)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; give it a normal file's mode
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


STDOUT = "-"  # `-o -`: write to standard output


def output_target(path: Path, inputs: Sequence[Path] = ()) -> Path | None:
    """Where `-o PATH` writes: None for `-` (standard output); the file a symlink points to
    (written atomically beside it); `path` itself otherwise.

    Raises:
        UsageError: `path` is one of `inputs` (the same file, by inode), or exists and is
            not a regular file (a folder, a FIFO, a device): writing would destroy it.
    """
    if str(path) == STDOUT:
        return None
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if target.exists() or target.is_symlink():
        if not target.is_file():
            raise UsageError(str(path), "not a regular file; refusing to replace it with the output")
        for source in inputs:
            try:
                same = source.exists() and os.path.samefile(source, target)
            except OSError:
                same = False
            if same:
                raise UsageError(str(path), f"is an input ({source}); refusing to overwrite it with the output")
    return target


def remove_stale_temporaries(folder: Path) -> int:
    """Delete the temporaries that killed writers left under `folder`; returns how many."""
    removed = 0
    for temporary in folder.rglob(f".*{TEMPORARY_SUFFIX}") if folder.is_dir() else ():
        if temporary.is_file():
            temporary.unlink(missing_ok=True)
            removed += 1
    return removed


def file_sha256(path: str | Path) -> str:
    """The file's SHA-256, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------------------
# CSV cells a spreadsheet would run

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula (OWASP)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def csv_cell(value, escape: bool = True):
    """A value as a CSV cell: a text that a spreadsheet would run as a formula (it starts with
    `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'` (OWASP's rule for CSV
    injection), unless it reads as a number ("-4", "3.5"); numbers, None and other text are as
    they are. `escape=False` keeps every text as read (for pipelines that read the CSV with code).
    A carriage return inside a text is written as a line feed either way: the tables end their
    rows with a line feed, and a bare carriage return (which Python's csv module leaves
    unquoted then) would end the row for most readers."""
    if not isinstance(value, str):
        return value
    if escape and value.startswith(FORMULA_STARTS) and not _NUMBER.match(value.strip()):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
