"""Sources: the references of an archive as distinct works, as CSL-JSON, as a table, and counted.

Reads `Annex` models (the references stage's output) and builds nothing new about a footnote:

* **works**: what several references cite is one work: the same URL; else the same UN document
  symbol (white space aside); else the same organisation (or authors), title and year. An
  `Ibid.` cites the work of the footnote printed before it (unless that footnote cites several:
  then it is ambiguous and cites no work). Each work keeps where it is cited (annex, footnote,
  locator, prefix).
* **CSL-JSON** (`csl_items`): one item per work, what Zotero, pandoc and citeproc read: `type`
  from the kind, `author` (`family`/`given` for persons, `literal` for an organisation),
  `publisher`, `title`, `container-title`, `issued` (`date-parts`: the year, and the month and
  day where printed), `number` (the UN symbol), `URL`; the citing places in `custom.cited_in`
  (with each citation's locator) and a readable `note`.
* **the references table** (`reference_rows`): one row per reference, beside the panel.
* **counts** (`source_summary`): references by kind and by year, the most-cited organisations,
  URLs cited by several annexes, and references whose URL or symbol could not be read.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .models import Annex, Footnote, Reference
from .text import MONTHS

CSL_TYPES = {
    "news": "article-newspaper",
    "web": "webpage",
    "report": "report",
    "un_document": "report",  # a UN document is numbered like a report (its symbol); CSL 1.0.1 has no "document"
    "legal": "treaty",
    "academic": "article-journal",
}
NOT_WORKS = ("note", "cross_reference")
DOCUMENT_KINDS = ("report", "un_document", "legal")
MONTH_NUMBERS = {month.casefold(): k for k, month in enumerate(MONTHS, start=1)}
REFERENCE_COLUMNS = (
    "country", "year", "footnote", "position", "cited_by", "work_id", "kind", "authors", "organization", "work_year",
    "title", "container", "date", "un_symbol", "locator", "url", "ibid_of", "prefix", "file",
)  # fmt: skip
REFERENCE_INTEGER_COLUMNS = {"year", "footnote", "position", "work_year", "ibid_of"}


@dataclass
class Citing:
    """One place a work is cited: an annex's footnote."""

    file: str
    country: str | None
    year: int | None
    footnote: int
    locator: str | None = None
    prefix: str | None = None
    via_ibid: bool = False

    def as_dict(self) -> dict:
        return {"document": self.file, "country": self.country, "year": self.year, "footnote": self.footnote,
                "locator": self.locator, "prefix": self.prefix, "ibid": self.via_ibid}  # fmt: skip


@dataclass
class Work:
    """A distinct work of the archive: its first reference as printed, and every place citing it."""

    id: str
    reference: Reference
    cited_in: list[Citing] = field(default_factory=list)

    @property
    def annexes(self) -> set[str]:
        return {c.file for c in self.cited_in}


def work_key(reference: Reference) -> tuple:
    """What makes two references one work: the URL; else the UN symbol; else who, title and year."""
    if reference.url:
        return ("url", reference.url.rstrip("/"))
    if reference.un_symbol:
        return ("symbol", re.sub(r"\s+", "", reference.un_symbol))
    who = reference.organization or "; ".join(reference.authors)
    return ("work", _fold(who), _fold(reference.title or ""), reference.year)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def work_id(key: tuple) -> str:
    """A stable identifier of a work (the same in every run and every archive)."""
    return "annexparse-" + hashlib.sha1(repr(key).encode("utf-8")).hexdigest()[:12]


def in_archive_order(annexes: Sequence[Annex]) -> list[Annex]:
    """The annexes by country, then year, then file name: the order of every exported table."""
    return sorted(annexes, key=lambda a: (a.country or "", a.year or 0, a.source.file))


def cited_works(footnotes: Sequence[Footnote]) -> list[list[tuple[Reference, Reference | None]]]:
    """For each footnote, each reference with the reference of the work it cites: itself, the
    previous footnote's single work for an Ibid., None for a note, a cross-reference or an
    ambiguous Ibid."""
    out: list[list[tuple[Reference, Reference | None]]] = []
    previous_works: list[Reference] = []
    for footnote in footnotes:
        row = []
        for reference in footnote.references:
            if reference.kind in NOT_WORKS:
                row.append((reference, None))
            elif reference.kind == "ibid":
                single = previous_works[0] if len(previous_works) == 1 and reference.ibid_of is not None else None
                row.append((reference, single))
            else:
                row.append((reference, reference))
        out.append(row)
        previous_works = [work for _, work in row if work is not None]
    return out


def collect_works(annexes: Sequence[Annex]) -> list[Work]:
    """The archive's distinct works, in order of first citation (annexes by country and year)."""
    works: dict[tuple, Work] = {}
    for annex in in_archive_order(annexes):
        for footnote, row in zip(annex.footnotes, cited_works(annex.footnotes)):
            for reference, cited in row:
                if cited is None:
                    continue
                key = work_key(cited)
                work = works.get(key)
                if work is None:
                    work = works[key] = Work(work_id(key), cited)
                work.cited_in.append(
                    Citing(annex.source.file, annex.country, annex.year, footnote.number, reference.locator, reference.prefix, reference.kind == "ibid")
                )
    return list(works.values())


# ---------------------------------------------------------------------------
# CSL-JSON


def person_name(printed: str) -> dict:
    """A person as CSL wants it: "Surname, Given" or "Given Surname" -> family and given."""
    if "," in printed:
        family, given = (part.strip() for part in printed.split(",", 1))
    else:
        words = printed.split()
        family, given = words[-1], " ".join(words[:-1])
    return {"family": family, "given": given} if given else {"family": family}


def journal_place(locator: str) -> dict:
    """An article's volume, issue and pages from its locator ("vol. 9, no. 8, p. 885 – 887",
    "73(2), pp. 385-407")."""
    place = {}
    patterns = (("volume", r"\bvol\.\s*(\w+)|^(\d+)\s*\("), ("issue", r"\bno\.\s*(\w+)|^\d+\s*\((\d+)\)"), ("page", r"\bpp?\.\s*(\d+(?:\s*[-–]\s*\d+)?)"))
    for name, pattern in patterns:
        match = re.search(pattern, locator)
        if match:
            place[name] = re.sub(r"\s*[-–]\s*", "-", next(g for g in match.groups() if g))
    return place


def issued(reference: Reference) -> dict | None:
    """`date-parts` from the year and, where printed, the day and month ("18 May", "May 18")."""
    if reference.year is None:
        return None
    parts = [reference.year]
    if reference.date:
        words = reference.date.replace(",", " ").split()
        month = next((MONTH_NUMBERS[w.casefold()] for w in words if w.casefold() in MONTH_NUMBERS), None)
        day = next((int(w) for w in words if w.isdigit()), None)
        if month:
            parts.append(month)
            if day:
                parts.append(day)
    return {"date-parts": [parts]}


def csl_item(work: Work) -> dict:
    """One work as a CSL-JSON item."""
    reference = work.reference
    item: dict = {"id": work.id, "type": CSL_TYPES.get(reference.kind, "document")}
    if reference.authors:
        item["author"] = [person_name(a) for a in reference.authors]
    elif reference.organization:
        item["author"] = [{"literal": reference.organization}]
    if reference.organization and reference.kind in DOCUMENT_KINDS:
        item["publisher"] = reference.organization  # a document's issuing body (a web page's is its site)
    if reference.kind == "academic" and reference.locator:
        item.update(journal_place(reference.locator))
    for name, value in (("title", reference.title), ("container-title", reference.container), ("number", reference.un_symbol), ("URL", reference.url)):
        if value:
            item[name] = value
    if reference.kind == "un_document":
        item["genre"] = "UN document"
    date = issued(reference)
    if date:
        item["issued"] = date
    places = [f"{c.file} fn {c.footnote}" + (f" ({c.locator})" if c.locator else "") for c in work.cited_in]
    item["note"] = "Cited in " + "; ".join(places)
    item["custom"] = {"kind": reference.kind, "cited_in": [c.as_dict() for c in work.cited_in]}
    return item


def csl_items(annexes: Sequence[Annex]) -> list[dict]:
    """The archive's distinct works as CSL-JSON items."""
    return [csl_item(work) for work in collect_works(annexes)]


# ---------------------------------------------------------------------------
# the references table


def reference_rows(annexes: Sequence[Annex]) -> list[dict]:
    """One row per reference of every footnote, with the indicators that cite its footnote and the
    id of the work it cites (the CSL item's)."""
    rows = []
    for annex in in_archive_order(annexes):
        for footnote, row in zip(annex.footnotes, cited_works(annex.footnotes)):
            for position, (reference, cited) in enumerate(row, start=1):
                rows.append(
                    {
                        "country": annex.country,
                        "year": annex.year,
                        "footnote": footnote.number,
                        "position": position,
                        "cited_by": ";".join(str(n) for n in footnote.cited_by),
                        "work_id": work_id(work_key(cited)) if cited is not None else None,
                        "kind": reference.kind,
                        "authors": "; ".join(reference.authors),
                        "organization": reference.organization,
                        "work_year": reference.year,
                        "title": reference.title,
                        "container": reference.container,
                        "date": reference.date,
                        "un_symbol": reference.un_symbol,
                        "locator": reference.locator,
                        "url": reference.url,
                        "ibid_of": reference.ibid_of,
                        "prefix": reference.prefix,
                        "file": annex.source.file,
                    }
                )
    return rows


# ---------------------------------------------------------------------------
# counts for the report


@dataclass
class Unread:
    """A reference (or a footnote's URL) the reading could not place: why, and where."""

    file: str
    footnote: int
    why: str
    text: str


@dataclass
class SourceSummary:
    """What an annex, or an archive, cites."""

    references: int = 0  # citations of a work: references that name one, Ibid. resolved to one (what the CSL export counts)
    works: int = 0
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_year: list[tuple[int, int]] = field(default_factory=list)
    undated: int = 0
    organizations: list[tuple[str, int]] = field(default_factory=list)
    shared_urls: list[tuple[str, list[str]]] = field(default_factory=list)  # URL, the annexes citing it
    unread: list[Unread] = field(default_factory=list)


KIND_ORDER = ("un_document", "report", "web", "news", "legal", "academic", "ibid", "cross_reference", "note")


def source_summary(annexes: Sequence[Annex], top: int = 10) -> SourceSummary:
    """References by kind and by year, the `top` most-cited organisations, URLs cited by several
    annexes, and what could not be read."""
    references = [r for annex in annexes for f in annex.footnotes for r in f.references]
    kinds = Counter(r.kind for r in references)
    years = Counter(r.year for r in references if r.year is not None)
    works = collect_works(annexes)
    organizations = Counter(r.organization for r in references if r.organization and r.kind not in NOT_WORKS)
    by_url: dict[str, set[str]] = defaultdict(set)
    for annex in annexes:
        for footnote in annex.footnotes:
            for reference in footnote.references:
                if reference.url:
                    by_url[reference.url].add(annex.source.file)
    shared = sorted(((url, sorted(files)) for url, files in by_url.items() if len(files) > 1), key=lambda x: (-len(x[1]), x[0]))
    return SourceSummary(
        references=sum(len(work.cited_in) for work in works),
        works=len(works),
        by_kind=[(k, kinds[k]) for k in KIND_ORDER if kinds[k]],
        by_year=sorted(years.items()),
        undated=sum(1 for r in references if r.year is None and r.kind not in (*NOT_WORKS, "ibid")),
        organizations=organizations.most_common(top),
        shared_urls=shared,
        unread=list(unread_references(annexes)),
    )


def unread_references(annexes: Iterable[Annex]) -> Iterable[Unread]:
    """A footnote URL that no reference took, a UN document without its symbol, a reference whose
    text shows a URL it did not get."""
    for annex in annexes:
        for footnote in annex.footnotes:
            taken = {r.url for r in footnote.references if r.url}
            for url in footnote.urls:
                if url not in taken:
                    yield Unread(annex.source.file, footnote.number, "a URL no reference took", url)
            for reference in footnote.references:
                printed = footnote.text[reference.span[0] : reference.span[1]] if len(reference.span) == 2 else ""
                if reference.kind == "un_document" and not reference.un_symbol:
                    yield Unread(annex.source.file, footnote.number, "a UN document without its symbol", printed)
                elif reference.kind not in NOT_WORKS and not reference.url and re.search(r"https?://|www\.", printed) and not any(u in printed for u in footnote.urls):
                    yield Unread(annex.source.file, footnote.number, "a URL in the text that the reading did not keep", printed)
