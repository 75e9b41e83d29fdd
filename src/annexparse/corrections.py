"""Corrections: fixes to what an annex prints, kept apart from the PDF and its JSON, with their source.

A researcher finds a misprint (the scorecard says Strong, the table Fair, and a corrigendum says
Fair). The fix goes into a corrections file, never into the extracted JSON:

    [[correction]]
    country = "Cambodia"
    year = 2022
    indicator = "A3.5"          # the target: indicator (key), row (printed number), scorecard
    field = "rating"            # (an item's key or wording), footnote (number) or scores = true
    value = "Very Strong"
    reason = "The scorecard and the 2023 edition rate it Very Strong."
    source = "Corrigendum, 12 March 2023"
    by = "R. Searcher"
    date = 2026-12-06

`read_corrections` validates every entry (a rating must be one of the five; exit 2 naming the
entry otherwise). `apply_corrections` applies them on top of the annexes read from JSON and
recomputes what follows from them: a corrected wording is paired to its indicator key again, a
corrected footnote text or URL list is parsed into references again, a corrected rating changes
the computed score, and the findings are checked again. It returns the corrected annexes, what
was applied (with the value as printed) and what is stale: a target that no longer exists, or a
field that already reads the corrected value (the PDF was fixed).
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .archive import country_key
from .errors import UsageError
from .models import Annex, Change, Rating
from .pairing import scorecard_items, standard_keys
from .text import wording_key


class CorrectionsError(UsageError):
    """A corrections file that cannot be used: not TOML, or an entry that is not a valid correction (exit 2)."""

    reason = "not a usable corrections file"

    @property
    def description(self) -> str:
        return f"{self.reason} ({self.detail})"


# the fields each kind of target can correct, and what a value must be
FIELDS = {
    "indicator": ("rating", "change", "note", "indicator"),
    "row": ("rating", "change", "note", "indicator"),
    "scorecard": ("rating", "indicator"),
    "footnote": ("text", "urls"),
    "scores": ("current", "previous", "difference"),
}
RATINGS = tuple(r.value for r in Rating)
CHANGES = tuple(c.value for c in Change)
KEY = re.compile(r"^[A-Z]\d+\.\d+$")  # an indicator key of the annex format, e.g. A3.5


class Correction(BaseModel):
    """One entry of a corrections file: one field of one edition, its corrected value, and why."""

    model_config = ConfigDict(extra="forbid")

    country: str = Field(description="the edition's country, as the annex prints it (case and spacing aside)")
    year: int = Field(description="the edition's year")
    indicator: str | None = Field(None, description="target: the indicator with this key")
    row: int | None = Field(None, description="target: the detailed table's row with this printed number")
    scorecard: str | None = Field(None, description="target: the scorecard item paired with this key, or with this wording")
    footnote: int | None = Field(None, description="target: the footnote with this number")
    scores: bool = Field(False, description="target: the printed scores")
    field: str = Field(description="the field corrected (by target: rating, change, note, indicator; text, urls; current, previous, difference)")
    value: str | int | list[str] | None = Field(description="the corrected value")
    reason: str = Field(min_length=1, description="why")
    source: str = Field("", description="where the corrected value comes from (a corrigendum, a later edition)")
    by: str = ""
    date: str = ""

    @property
    def target(self) -> str:
        """The kind of target: indicator, row, scorecard, footnote or scores."""
        return next(kind for kind in FIELDS if getattr(self, kind) not in (None, False))

    def label(self) -> str:
        """'Cambodia 2022, indicator A3.5, rating'."""
        kind = self.target
        what = "printed scores" if kind == "scores" else f"{kind} {getattr(self, kind)}"
        return f"{self.country} {self.year}, {what}, {self.field}"

    @model_validator(mode="after")
    def _valid(self) -> Correction:
        targets = [kind for kind in FIELDS if getattr(self, kind) not in (None, False)]
        if len(targets) != 1:
            raise ValueError(f"give exactly one target of {', '.join(FIELDS)} (found {', '.join(targets) or 'none'})")
        kind = targets[0]
        if self.field not in FIELDS[kind]:
            raise ValueError(f"a {kind} has no field {self.field!r} (one of {', '.join(FIELDS[kind])})")
        value = self.value
        if self.field == "rating" and value not in RATINGS:
            raise ValueError(f"rating {value!r} is not a rating (one of {', '.join(RATINGS)})")
        if self.field == "change" and value is not None and value not in CHANGES:
            raise ValueError(f"change {value!r} is not a change word (one of {', '.join(CHANGES)}, or none)")
        if self.field in ("note", "indicator", "text") and not (isinstance(value, str) and value.strip()):
            raise ValueError(f"{self.field} must be a non-empty text")
        if self.field == "urls" and not (isinstance(value, list) and all(u.startswith(("http://", "https://")) for u in value)):
            raise ValueError("urls must be a list of http(s) URLs")
        if kind == "scores" and not (isinstance(value, int) or (value is None and self.field != "current")):
            raise ValueError(f"a printed {self.field} score must be a whole number")
        return self


def read_corrections(path: str | Path) -> list[Correction]:
    """The entries of a corrections file (`[[correction]]` tables). Raises `CorrectionsError`."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CorrectionsError(str(path), getattr(error, "strerror", None) or str(error)) from None
    rows = data.get("correction", [])
    if set(data) - {"correction"} or not isinstance(rows, list):
        raise CorrectionsError(str(path), "expected only [[correction]] tables")
    entries = []
    for number, row in enumerate(rows, start=1):
        row = {key: value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value for key, value in row.items()}
        try:
            entries.append(Correction.model_validate(row))
        except ValidationError as error:
            problem = error.errors()[0]
            where = ".".join(map(str, problem["loc"]))
            raise CorrectionsError(str(path), f"entry {number}: {where + ': ' if where else ''}{problem['msg'].removeprefix('Value error, ')}") from None
    return entries


@dataclass
class Applied:
    """A correction applied: the document, and the value as printed."""

    correction: Correction
    document: str
    printed: Any


@dataclass
class Stale:
    """A correction that no longer applies, and why."""

    correction: Correction
    why: str
    document: str | None = None


@dataclass
class Corrected:
    """Annexes with corrections applied, what was applied and what is stale; `marks[file]` maps
    (target kind, its number) to {field: value as printed} for the tables' marks."""

    annexes: list[Annex]
    applied: list[Applied] = field(default_factory=list)
    stale: list[Stale] = field(default_factory=list)
    marks: dict[str, dict[tuple[str, Any], dict[str, Any]]] = field(default_factory=dict)

    def marked(self, annex: Annex, kind: str, number: Any = None) -> dict[str, Any]:
        return self.marks.get(annex.source.file, {}).get((kind, number), {})


def _scorecard_index(annex: Annex, wanted: str) -> int | None:
    if KEY.match(wanted):
        paired = scorecard_items([item.indicator for item in annex.scorecard], [i.indicator for i in annex.indicators])
        return next((s for s, indicator in zip(paired, annex.indicators) if s is not None and indicator.key == wanted), None)
    key = wording_key(wanted)
    return next((s for s, item in enumerate(annex.scorecard) if wording_key(item.indicator) == key), None)


def apply_corrections(annexes: Sequence[Annex], corrections: Sequence[Correction]) -> Corrected:
    """Apply `corrections` to `annexes` (never changed: corrected copies are returned) and recompute
    what follows: keys, references, computed scores, findings."""
    from .checks import validate
    from .references import with_references
    from .scoring import computed_scores

    result = Corrected(annexes=[])
    by_edition: dict[int, list[Correction]] = {}
    for correction in corrections:
        k = next((k for k, a in enumerate(annexes) if a.year == correction.year and country_key(a.country) == country_key(correction.country)), None)
        if k is None:
            result.stale.append(Stale(correction, "no such edition among the inputs"))
        else:
            by_edition.setdefault(k, []).append(correction)
    for k, annex in enumerate(annexes):
        mine = by_edition.get(k)
        if not mine:
            result.annexes.append(annex)
            continue
        data = annex.model_dump(mode="json")
        marks: dict[tuple[str, Any], dict[str, Any]] = {}
        rekey = reread = rescore = False
        for correction in mine:
            kind, name = correction.target, correction.field
            if kind in ("indicator", "row"):
                rows = [i for i, row in enumerate(data["indicators"]) if (row["key"] if kind == "indicator" else row["number"]) == getattr(correction, kind)]
                place = (data["indicators"][rows[0]], name, ("indicator", data["indicators"][rows[0]]["number"])) if len(rows) == 1 else None
                missing = "no such indicator" if not rows else f"{len(rows)} rows carry it"
            elif kind == "scorecard":
                s = _scorecard_index(annex, correction.scorecard)
                place = (data["scorecard"][s], name, ("scorecard", s)) if s is not None else None
                missing = "no such scorecard item"
            elif kind == "footnote":
                rows = [f for f in data["footnotes"] if f["number"] == correction.footnote]
                place = (rows[0], name, ("footnote", correction.footnote)) if rows else None
                missing = "no such footnote"
            else:
                place = (data["scores"]["stated"], name, ("scores", None))
                missing = ""
            if place is None:
                result.stale.append(Stale(correction, f"its target is gone ({missing})", annex.source.file))
                continue
            record, name, mark = place
            printed = record[name]
            if printed == correction.value:
                result.stale.append(Stale(correction, f"the {name} already reads {_shown(printed)} (the document was fixed)", annex.source.file))
                continue
            record[name] = correction.value
            if kind in ("indicator", "row") and name == "note":
                record["note_markdown"] = correction.value
            marks.setdefault(mark, {}).setdefault(name, printed)
            result.applied.append(Applied(correction, annex.source.file, printed))
            rekey |= kind in ("indicator", "row") and name == "indicator"
            reread |= kind == "footnote"
            rescore |= kind in ("indicator", "row") and name in ("rating", "change")  # the score, and the previous scores the change words allow
        if not marks:
            result.annexes.append(annex)
            continue
        corrected = Annex.model_validate(data)
        if rekey:
            keys = standard_keys([i.indicator for i in corrected.indicators])
            corrected.indicators = [i.model_copy(update={"key": key}) for i, key in zip(corrected.indicators, keys)]
        if reread:
            corrected = with_references(corrected)
        if rescore:
            before = corrected.scores.computed.current
            corrected.scores = corrected.scores.model_copy(update={"computed": computed_scores(corrected.indicators)})
            if corrected.scores.computed.current != before:
                marks.setdefault(("scores", None), {}).setdefault("computed", before)
        corrected = corrected.model_copy(update={"issues": validate(corrected)})
        result.annexes.append(corrected)
        result.marks[annex.source.file] = marks
    return result


def _shown(value: Any) -> str:
    return "none" if value is None else repr(value)  # (values as JSON has them: text, numbers, lists)
