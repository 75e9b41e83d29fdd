"""Accepted findings: the review file a person edits (`qa --accepted review.toml`).

A QA run lists every finding again; some are true and stay (the edition printed that score; a
wording change is intended). The review file lists those by their stable id (`ids`), each with
the finding's message for a reader and why it is accepted:

    [[accepted]]
    id = "malaysia-2023/score_mismatch"
    message = "The printed score is 36 but the ratings give 42 (60 of 144 points)."
    reason = "Printed so in the 2023 edition; confirmed with the authors."
    by = "A. Editor"
    date = 2026-12-06

An entry whose `reason` is empty is not accepted (so that accepting is a deliberate edit).
`apply_accepted` marks the report's findings that an entry accepts, and lists the entries that
match no finding any more (stale); `review_text` writes today's findings as entries, keeping
the reasons already given. Read with the standard library's `tomllib`; written by hand (a
comment on top, one table per entry), and read back the same.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import UsageError


class ReviewError(UsageError):
    """A review file that cannot be used: not TOML, or entries without an id (exit 2)."""

    reason = "not a usable review file"

    @property
    def description(self) -> str:
        return f"{self.reason} ({self.detail})"


class AcceptedEntry(BaseModel):
    """One entry of a review file: a finding accepted by id, and why."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="the finding's stable id")
    message: str = Field("", description="the finding's message, for a reader of the file (not compared)")
    reason: str = Field("", description="why the finding is accepted; empty: not accepted")
    by: str = Field("", description="who accepted it")
    date: str = Field("", description="when (YYYY-MM-DD)")

    @property
    def accepts(self) -> bool:
        return bool(self.reason.strip())


def read_review(path: str | Path, must_exist: bool = False) -> list[AcceptedEntry]:
    """The entries of a review file; a missing file has none (unless `must_exist`). Raises `ReviewError`."""
    path = Path(path)
    if not path.exists():
        if must_exist:
            raise ReviewError(str(path), "no such file")
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ReviewError(str(path), str(error)) from None
    rows = data.get("accepted", [])
    unknown = sorted(set(data) - {"accepted"})
    if unknown or not isinstance(rows, list):
        raise ReviewError(str(path), f"expected only [[accepted]] tables, found {', '.join(unknown) or 'accepted = ' + type(rows).__name__}")
    entries, seen = [], set()
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise ReviewError(str(path), f"entry {number} is not a table")
        row = {key: value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value for key, value in row.items()}
        try:
            entry = AcceptedEntry.model_validate(row)
        except ValidationError as error:
            problem = error.errors()[0]
            raise ReviewError(str(path), f"entry {number}: {'.'.join(map(str, problem['loc']))}: {problem['msg']}") from None
        if entry.id in seen:
            raise ReviewError(str(path), f"entry {number}: id {entry.id!r} is listed twice")
        seen.add(entry.id)
        entries.append(entry)
    return entries


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes and backslashes escaped, control characters as \\uXXXX."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


HEADER = """\
# annexparse: accepted findings. Written by `annexparse qa --write-accepted`; edit it by hand.
# A finding is accepted when its entry has a reason: fill in `reason`, `by` and `date`
# (YYYY-MM-DD). Entries without a reason are not accepted, and `qa --fail-on` counts them.
# Ids are stable (edition/code/subject): see docs/qa.md, "Finding ids".
"""


def review_text(findings: Iterable, kept: Sequence[AcceptedEntry] = ()) -> str:
    """The review file for `findings` (QA findings), one entry each in their order, with the
    reason, by and date of the entry in `kept` of the same id, or of the finding's acceptance."""
    earlier = {entry.id: entry for entry in kept}
    blocks, written = [HEADER], set()
    for finding in findings:
        if finding.id is None or finding.id in written:
            continue
        written.add(finding.id)
        entry = earlier.get(finding.id) or getattr(finding, "accepted", None)
        fields = {
            "id": finding.id,
            "message": finding.message,
            "reason": entry.reason if entry else "",
            "by": entry.by if entry else "",
            "date": entry.date if entry else "",
        }
        blocks.append("[[accepted]]\n" + "".join(f"{key} = {_toml_string(value)}\n" for key, value in fields.items()))
    return "\n".join(blocks)
