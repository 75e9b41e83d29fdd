"""The tests' own comparison of annexparse references with a NAME.refs.json gold file.

The same rules as the corpus scorer (../shared/corpus/REFS.md): footnotes aligned by number (the
k-th gold footnote numbered n with the k-th output footnote numbered n), references by position
within a footnote, the 12 fields compared exactly after NFC and collapsing white space; `year` and
`ibid_of` as integers; a reference missing from the output scores all its fields wrong.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

FIELDS = ("kind", "authors", "organization", "year", "title", "container", "date", "un_symbol", "locator", "url",
          "ibid_of", "prefix")  # fmt: skip


def _norm(value: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()


def same(name: str, gold, out) -> bool:
    if name in ("year", "ibid_of"):
        return type(out) is int and out == gold if gold is not None else out is None
    if name == "authors":
        return isinstance(out, list) and len(out) == len(gold) and all(isinstance(o, str) and _norm(o) == _norm(g) for g, o in zip(gold, out))
    if gold is None or out is None:
        return gold is None and out is None
    return isinstance(out, str) and _norm(out) == _norm(gold)


@dataclass
class RefsResult:
    right: int = 0
    total: int = 0
    exact: int = 0
    references: int = 0
    wrong: list[tuple[int, int, str, object, object]] = field(default_factory=list)  # (footnote, ref, field, gold, out)
    per_field: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0

    @property
    def exact_share(self) -> float:
        return self.exact / self.references if self.references else 1.0

    def add(self, other: RefsResult) -> RefsResult:
        self.right += other.right
        self.total += other.total
        self.exact += other.exact
        self.references += other.references
        self.wrong += other.wrong
        for name, count in other.per_field.items():
            self.per_field[name] += count
        return self


def compare_refs(gold: dict, output: dict) -> RefsResult:
    result = RefsResult()
    outputs: dict[int, list[dict]] = defaultdict(list)
    for footnote in output.get("footnotes", []):
        outputs[footnote["number"]].append(footnote)
    seen: dict[int, int] = defaultdict(int)
    for gold_footnote in gold["footnotes"]:
        number = gold_footnote["number"]
        k = seen[number]
        seen[number] += 1
        out_footnote = outputs[number][k] if k < len(outputs[number]) else {}
        out_refs = out_footnote.get("references", [])
        for position, gold_ref in enumerate(gold_footnote["references"]):
            out_ref = out_refs[position] if position < len(out_refs) else {}
            result.references += 1
            all_right = True
            for name in FIELDS:
                result.total += 1
                if out_ref and same(name, gold_ref[name], out_ref.get(name)):
                    result.right += 1
                    result.per_field[name] += 1
                else:
                    all_right = False
                    result.wrong.append((number, position + 1, name, gold_ref[name], out_ref.get(name) if out_ref else "<missing>"))
            result.exact += all_right
    return result
