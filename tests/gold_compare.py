"""The tests' own comparison of annexparse JSON with a gold file.

Same rules as the corpus scorer (SCHEMA.md): text compared with all white
space and the bullet glyphs removed, indicator text without one trailing
'.', URLs and citation lists exactly, issues by (code, indicator) or
(code, footnote) for footnote_uncited.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_STRIP = re.compile(r"[\s\u2022\u25aa\u25e6\u00b7]+")
INDICATOR_FIELDS = ("thematic_area", "indicator", "rating", "change", "note", "citations")


def norm(text: str) -> str:
    return _STRIP.sub("", unicodedata.normalize("NFC", text))


def norm_indicator(text: str) -> str:
    text = norm(text)
    return text[:-1] if text.endswith(".") else text


def same_text(gold, out, indicator: bool = False) -> bool:
    if gold is None or out is None:
        return gold is None and out is None
    if not isinstance(out, str):
        return False
    return (norm_indicator if indicator else norm)(gold) == (norm_indicator if indicator else norm)(out)


@dataclass
class Comparison:
    right: int = 0
    total: int = 0
    wrong: list[str] = field(default_factory=list)
    url_errors: list[str] = field(default_factory=list)

    def check(self, ok: bool, where: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.wrong.append(where)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0


def issue_keys(issues: list[dict]) -> set[tuple]:
    return {
        (i["code"], i.get("footnote")) if i["code"] == "footnote_uncited" else (i["code"], i.get("indicator"))
        for i in issues
    }


def compare(gold: dict, out: dict) -> Comparison:
    result = Comparison()
    result.check(same_text(gold["country"], out.get("country")), "country")
    for key in ("year", "previous_year"):
        result.check(gold[key] == out.get(key), key)
    for key in ("current", "previous", "difference"):
        result.check(gold["scores"]["stated"][key] == out["scores"]["stated"].get(key), f"scores.stated.{key}")
    pairs = lambda items: [(norm(i["rating"]), norm_indicator(i["indicator"])) for i in items]  # noqa: E731
    result.check(pairs(gold["scorecard"]) == pairs(out["scorecard"]), "scorecard")
    result.check(len(gold["indicators"]) == len(out["indicators"]), "indicator count")
    by_number = {i["number"]: i for i in out["indicators"]}
    for item in gold["indicators"]:
        mine = by_number.get(item["number"], {})
        for key in INDICATOR_FIELDS:
            if key == "citations":
                ok = item[key] == mine.get(key)
            else:
                ok = same_text(item[key], mine.get(key), indicator=key == "indicator")
            result.check(ok, f"indicator {item['number']} {key}")
    footnotes = {f["number"]: f for f in out["footnotes"]}
    for item in gold["footnotes"]:
        mine = footnotes.get(item["number"], {})
        result.check(same_text(item["text"], mine.get("text")), f"footnote {item['number']} text")
        urls_ok = item["urls"] == mine.get("urls")
        result.check(urls_ok, f"footnote {item['number']} urls")
        if not urls_ok:
            result.url_errors.append(f"footnote {item['number']}: {mine.get('urls')} != {item['urls']}")
    return result
