"""References stage: each footnote split into the works it cites, each work into its parts.

Table-driven, as eyecite's `test_pairs`: each case is a footnote's text and the references it
must give, field by field (a field a case does not name must be empty). The footnotes are written
in the annexes' citation style but none is copied from the corpus: they test the style's rules,
not the corpus's strings. The acceptance figures run on the fixtures' gold (NAME.refs.json).
"""
from __future__ import annotations

import json

import pytest

from annexparse.footnotes import find_urls
from annexparse.models import Footnote
from annexparse.references import pipeline, read_references
from helpers import FIXTURES, extracted
from refs_compare import FIELDS, RefsResult, compare_refs

EMPTY = {name: None for name in FIELDS} | {"authors": []}


def _urls(text: str) -> list[str]:
    return find_urls(text)  # as the footnotes stage reads them


def _check(text: str, expected: list[dict], previous: Footnote | None = None) -> None:
    got = [r.model_dump(include=set(FIELDS)) for r in read_references(text, _urls(text), previous)]
    assert got == [EMPTY | e for e in expected]


# ---------------------------------------------------------------------------
# where references open and end; notes and cross-references

BOUNDARIES = [
    (  # prose, then a citation: a note first
        "The figures are contested by the ministry. Human Rights Watch, 2021. World Report 2021: Myanmar, https://www.hrw.org/world-report/2021/country-chapters/myanmar.",
        [{"kind": "note"},
         {"kind": "report", "organization": "Human Rights Watch", "year": 2021, "title": "World Report 2021: Myanmar",
          "url": "https://www.hrw.org/world-report/2021/country-chapters/myanmar"}],
    ),
    (  # a semicolon inside prose cuts nothing; one before a citation does
        "No census has been taken since 2010; estimates differ widely. OECD, 2022. Aid at a glance charts: Laos, https://stats.oecd.org/x; CIVICUS, n.d. Laos: civic space, https://monitor.civicus.org/laos.",
        [{"kind": "note"},
         {"kind": "web", "organization": "OECD", "year": 2022, "title": "Aid at a glance charts: Laos", "url": "https://stats.oecd.org/x"},
         {"kind": "web", "organization": "CIVICUS", "title": "Laos: civic space", "url": "https://monitor.civicus.org/laos"}],
    ),
    (  # a remark after the URL belongs to no field
        "World Bank, 2020. Laos Overview, https://www.worldbank.org/en/country/lao/overview. (Select the country from the menu.)",
        [{"kind": "web", "organization": "World Bank", "year": 2020, "title": "Laos Overview", "url": "https://www.worldbank.org/en/country/lao/overview"}],
    ),
    (  # a citation inside a remark after a colon
        "Figures as of May 2021 (compiled from the UN's own records: United Nations Peacekeeping, n.d. Troop Contributors, https://peacekeeping.un.org/en/tc.)",
        [{"kind": "note"},
         {"kind": "web", "organization": "United Nations Peacekeeping", "title": "Troop Contributors", "url": "https://peacekeeping.un.org/en/tc"}],
    ),
    ("As noted under Indicator 4, the bill lapsed with the parliament.", [{"kind": "cross_reference"}]),
    ("As mentioned in a previous Indicator, the bill lapsed.", [{"kind": "cross_reference"}]),
    ("The commission has not met since its chair resigned.", [{"kind": "note"}]),
    (  # prose naming a part of a quoted document cites that document
        "For the scoring method, see Part III of 'Preventing Atrocity Crimes in the Pacific: A Baseline Study'.",
        [{"kind": "report", "title": "Preventing Atrocity Crimes in the Pacific: A Baseline Study", "locator": "Part III"}],
    ),
    ("https://www.example.org/report.pdf", [{"kind": "web", "url": "https://www.example.org/report.pdf"}]),
]  # fmt: skip

# ---------------------------------------------------------------------------
# who: persons and organisations

AUTHORS = [
    (
        "Ganbold, Bolor and Lkhaajav, Bolor, 2022. ‘Blue helmets from the steppe’. The Diplomat, 13 March. Available at: https://thediplomat.com/2022/03/blue-helmets/.",
        [{"kind": "news", "authors": ["Ganbold, Bolor", "Lkhaajav, Bolor"], "year": 2022, "title": "Blue helmets from the steppe",
          "container": "The Diplomat", "date": "13 March", "url": "https://thediplomat.com/2022/03/blue-helmets/"}],
    ),
    (  # the second author printed "Given Surname", as printed
        "Nguyen, Van A., Jane Smith, 2019. How aid is counted, https://devpolicy.org/how-aid-is-counted/.",
        [{"kind": "web", "authors": ["Nguyen, Van A.", "Jane Smith"], "year": 2019, "title": "How aid is counted",
          "url": "https://devpolicy.org/how-aid-is-counted/"}],
    ),
    (
        "Smith, J. R., 2018. Atrocity Prevention in the Mekong. Report to the Regional Centre, p. 12.",
        [{"kind": "report", "authors": ["Smith, J. R."], "year": 2018, "title": "Atrocity Prevention in the Mekong. Report to the Regional Centre", "locator": "p. 12"}],
    ),
    (  # an organisation named with a comma and an abbreviation, and one in lower case
        "United Nations, Committee on Economic, Social and Cultural Rights (CESCR), Concluding observations on the second periodic report of Laos, 7 July 2021, E/C.12/LAO/CO/2, para. 5. See also: unicef, 2020. Children in Laos, https://www.unicef.org/laos/children.",
        [{"kind": "un_document", "organization": "United Nations, Committee on Economic, Social and Cultural Rights (CESCR)", "year": 2021,
          "title": "Concluding observations on the second periodic report of Laos", "date": "7 July", "un_symbol": "E/C.12/LAO/CO/2", "locator": "para. 5"},
         {"kind": "web", "organization": "unicef", "year": 2020, "title": "Children in Laos", "url": "https://www.unicef.org/laos/children", "prefix": "See also"}],
    ),
    (
        "Ministry of Foreign Affairs and Trade, 2020. New Zealand and the United Nations, https://www.mfat.govt.nz/en/un.",
        [{"kind": "web", "organization": "Ministry of Foreign Affairs and Trade", "year": 2020, "title": "New Zealand and the United Nations", "url": "https://www.mfat.govt.nz/en/un"}],
    ),
]  # fmt: skip

# ---------------------------------------------------------------------------
# year, title, outlet, date

TITLES = [
    (  # n.d.; a possessive apostrophe inside a quoted title
        "Tan, Mei Ling, n.d. ‘The Islands’ new courts’. Asia Times, 2 May. Available at: https://asiatimes.com/x/.",
        [{"kind": "news", "authors": ["Tan, Mei Ling"], "title": "The Islands’ new courts", "container": "Asia Times", "date": "2 May", "url": "https://asiatimes.com/x/"}],
    ),
    (  # a title quoted inside the title; straight quotes
        "Park, Ji-hoon, 2021. 'When ‘never again’ fails'. East Asia Forum, 9 November. Available at: https://www.eastasiaforum.org/x/.",
        [{"kind": "news", "authors": ["Park, Ji-hoon"], "year": 2021, "title": "When ‘never again’ fails", "container": "East Asia Forum", "date": "9 November", "url": "https://www.eastasiaforum.org/x/"}],
    ),
    (  # the opening quote left out, as printed
        "Batbold, Tuya, 2020. Pastures under pressure'. Reuters, 4 June. Available at: https://www.reuters.com/x.",
        [{"kind": "news", "authors": ["Batbold, Tuya"], "year": 2020, "title": "Pastures under pressure", "container": "Reuters", "date": "4 June", "url": "https://www.reuters.com/x"}],
    ),
    (  # month before day
        "Lee, Anna, 2023. ‘A quiet diplomacy’. The Interpreter, March 3. Available at: https://www.lowyinstitute.org/x.",
        [{"kind": "news", "authors": ["Lee, Anna"], "year": 2023, "title": "A quiet diplomacy", "container": "The Interpreter", "date": "March 3", "url": "https://www.lowyinstitute.org/x"}],
    ),
    (  # a title with commas runs to the URL; a page's date after its title
        "OHCHR, 2020. Press briefing notes on Laos, Cambodia and Thailand, 5 May 2020, https://www.ohchr.org/en/press-briefing.",
        [{"kind": "web", "organization": "OHCHR", "year": 2020, "title": "Press briefing notes on Laos, Cambodia and Thailand", "date": "5 May",
          "url": "https://www.ohchr.org/en/press-briefing"}],
    ),
    (  # a journal article: volume, issue and pages are its locator
        "Lindskog, B., 2014. 'Herders and the state'. Journal of Asian Studies, 73(2), pp. 385-407.",
        [{"kind": "academic", "authors": ["Lindskog, B."], "year": 2014, "title": "Herders and the state", "container": "Journal of Asian Studies", "locator": "73(2), pp. 385-407"}],
    ),
    (  # the year in brackets
        "Freedom House (2022). Freedom in the World 2022: Laos, https://freedomhouse.org/country/laos/freedom-world/2022.",
        [{"kind": "report", "organization": "Freedom House", "year": 2022, "title": "Freedom in the World 2022: Laos", "url": "https://freedomhouse.org/country/laos/freedom-world/2022"}],
    ),
]  # fmt: skip

# ---------------------------------------------------------------------------
# UN document symbols and locators

SYMBOLS = [
    (  # a symbol with a year; the body without an abbreviation
        "United Nations, Security Council, Resolution 1674 (2006), 28 April 2006, S/RES/1674 (2006), para. 4.",
        [{"kind": "un_document", "organization": "United Nations, Security Council", "year": 2006, "title": "Resolution 1674 (2006)", "date": "28 April",
          "un_symbol": "S/RES/1674 (2006)", "locator": "para. 4"}],
    ),
    (  # a symbol with a space as printed; a range of paragraphs
        "United Nations, Human Rights Council (HRC), Summary of stakeholders’ submissions on Laos, 3 November 2019, A/HRC/ WG.6/35/LAO/3, paras. 12-14.",
        [{"kind": "un_document", "organization": "United Nations, Human Rights Council (HRC)", "year": 2019, "title": "Summary of stakeholders’ submissions on Laos",
          "date": "3 November", "un_symbol": "A/HRC/ WG.6/35/LAO/3", "locator": "paras. 12-14"}],
    ),
    (
        "United Nations, Committee on the Elimination of Racial Discrimination (CERD), Concluding observations on the combined eighteenth to twentieth periodic reports of Laos, 17 September 2018, CERD/C/LAO/CO/18-20, p. 4.",
        [{"kind": "un_document", "organization": "United Nations, Committee on the Elimination of Racial Discrimination (CERD)", "year": 2018,
          "title": "Concluding observations on the combined eighteenth to twentieth periodic reports of Laos", "date": "17 September",
          "un_symbol": "CERD/C/LAO/CO/18-20", "locator": "p. 4"}],
    ),
    (  # a quoted section name is a locator, quotes kept; a section inside it is not one of its own
        "U.S Department of State, 2021. 2020 Country Reports on Human Rights Practices: Laos, ‘Section 3. Freedom to Participate in the Political Process’, https://www.state.gov/reports/2020/laos/.",
        [{"kind": "report", "organization": "U.S Department of State", "year": 2021, "title": "2020 Country Reports on Human Rights Practices: Laos",
          "locator": "‘Section 3. Freedom to Participate in the Political Process’", "url": "https://www.state.gov/reports/2020/laos/"}],
    ),
    (  # a treaty in the collection: its number is not its title's
        "UNTC, 2019. 4. International Covenant on Civil and Political Rights, https://treaties.un.org/pages/ViewDetails.aspx?chapter=4.",
        [{"kind": "legal", "organization": "UNTC", "year": 2019, "title": "International Covenant on Civil and Political Rights",
          "url": "https://treaties.un.org/pages/ViewDetails.aspx?chapter=4"}],
    ),
    ("HIV/AIDS Council, 2020. Annual Report 2019, p. 3.", [{"kind": "report", "organization": "HIV/AIDS Council", "year": 2020, "title": "Annual Report 2019", "locator": "p. 3"}]),
]  # fmt: skip

# ---------------------------------------------------------------------------
# signals: "See also" and "Cf." are the next reference's prefix, "See:" is no prefix

PREFIXES = [
    (
        "See also: Amnesty International, 2020. Laos 2019, ‘Freedom of expression’, https://www.amnesty.org/x; Freedom House, 2021. Freedom in the World 2021: Laos, https://freedomhouse.org/y.",
        [{"kind": "report", "organization": "Amnesty International", "year": 2020, "title": "Laos 2019", "locator": "‘Freedom of expression’", "url": "https://www.amnesty.org/x", "prefix": "See also"},
         {"kind": "report", "organization": "Freedom House", "year": 2021, "title": "Freedom in the World 2021: Laos", "url": "https://freedomhouse.org/y"}],
    ),
    (
        "Interview with a civil society representative, Vientiane, 12 March 2021; see also CIVICUS, 2021. Laos: civic space, https://monitor.civicus.org/laos.",
        [{"kind": "note"},
         {"kind": "web", "organization": "CIVICUS", "year": 2021, "title": "Laos: civic space", "url": "https://monitor.civicus.org/laos", "prefix": "See also"}],
    ),
    (
        "The ministry disputes the count. See: GCR2P, 2022. Laos, https://www.globalr2p.org/countries/laos/. Cf. World Bank, n.d. Laos Overview, https://www.worldbank.org/lao.",
        [{"kind": "note"},
         {"kind": "web", "organization": "GCR2P", "year": 2022, "title": "Laos", "url": "https://www.globalr2p.org/countries/laos/"},
         {"kind": "web", "organization": "World Bank", "title": "Laos Overview", "url": "https://www.worldbank.org/lao", "prefix": "Cf."}],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), BOUNDARIES + AUTHORS + TITLES + SYMBOLS + PREFIXES)
def test_pairs(text, expected):
    _check(text, expected)


# ---------------------------------------------------------------------------
# Ibid.


def _footnote(number: int, text: str) -> Footnote:
    return Footnote(number=number, text=text, urls=_urls(text), pages=[1], references=read_references(text, _urls(text)))


def test_ibid_refers_to_the_footnote_printed_just_before():
    previous = _footnote(7, "Freedom House, 2021. Freedom in the World 2021: Laos, https://freedomhouse.org/y.")
    _check("Ibid.", [{"kind": "ibid", "ibid_of": 7}], previous)
    _check("Ibid., p. 12.", [{"kind": "ibid", "ibid_of": 7, "locator": "p. 12"}], previous)
    _check("Cf. Ibid., paras. 4-6.", [{"kind": "ibid", "ibid_of": 7, "locator": "paras. 4-6", "prefix": "Cf."}], previous)


def test_ibid_after_a_footnote_citing_several_works_is_ambiguous():
    single = _footnote(3, "The figures are contested. World Bank, 2020. Laos Overview, https://www.worldbank.org/lao.")
    several = _footnote(4, "World Bank, 2020. Laos Overview, https://www.worldbank.org/lao; OECD, 2021. Aid at a glance, https://stats.oecd.org/x.")
    assert [r.ibid_ambiguous for r in read_references("Ibid.", [], single)] == [False]  # a note is no work
    assert [(r.ibid_of, r.ibid_ambiguous) for r in read_references("Ibid.", [], several)] == [(4, True)]


def test_ibid_of_the_first_footnote_refers_to_nothing():
    _check("Ibid.", [{"kind": "ibid"}])


def test_ibid_follows_the_printed_order_across_an_annex():
    """In the fixtures every Ibid. refers to the footnote printed just before it."""
    for name in ("mongolia-2022", "wp/tonga-2023"):
        footnotes = extracted(name).footnotes
        pairs = [(before.number, r.ibid_of) for before, after in zip(footnotes, footnotes[1:]) for r in after.references if r.kind == "ibid"]
        assert pairs and all(a == b for a, b in pairs)


# ---------------------------------------------------------------------------
# the spaCy pipeline


def test_the_pipeline_is_spacy_rule_components_built_once():
    nlp = pipeline()
    assert nlp is pipeline()
    assert nlp.pipe_names == ["annex_un_symbols", "annex_marks", "annex_references"]
    assert not nlp.meta.get("vectors", {}).get("width")  # a blank pipeline, no model


def test_a_un_symbol_is_one_token_and_the_parts_are_spans():
    doc = pipeline()("United Nations, Human Rights Council (HRC), Report, 4 January 2021, A/HRC/ WG.6/36/MNG/3, para. 115.")
    assert "A/HRC/ WG.6/36/MNG/3" in [token.text for token in doc]
    assert [span.label_ for span in doc.spans["references"]] == ["un_document"]
    assert {span.label_ for span in doc.spans["parts"]} == {"ORG", "TITLE", "DATE", "YEAR", "UN_SYMBOL", "LOCATOR"}


def test_a_url_is_not_split_at_its_slashes():
    doc = pipeline()("World Bank, 2020. Laos Overview, https://www.worldbank.org/en/country/lao/overview.")
    assert "https://www.worldbank.org/en/country/lao/overview" in [token.text for token in doc]


def test_a_reference_span_locates_it_in_the_footnote():
    text = "The figures are contested. World Bank, 2020. Laos Overview, https://www.worldbank.org/lao; OECD, 2021. Aid at a glance, https://stats.oecd.org/x."
    spans = [text[a:b] for a, b in (r.span for r in read_references(text, _urls(text)))]
    assert spans == ["The figures are contested.", "World Bank, 2020. Laos Overview, https://www.worldbank.org/lao", "OECD, 2021. Aid at a glance, https://stats.oecd.org/x."]


# ---------------------------------------------------------------------------
# acceptance: the fixtures' gold


CORPUS = sorted(p.name[: -len(".refs.json")] for p in FIXTURES.glob("*.refs.json"))
WP = sorted(f"wp/{p.name[: -len('.refs.json')]}" for p in (FIXTURES / "wp").glob("*.refs.json"))


def _result(name: str) -> RefsResult:
    gold = json.loads((FIXTURES / f"{name}.refs.json").read_text(encoding="utf-8"))
    return compare_refs(gold, json.loads(extracted(name).model_dump_json()))


@pytest.mark.parametrize("names", [CORPUS, WP], ids=["corpus", "corpus-wp"])
def test_reference_accuracy_on_the_fixtures(names):
    assert len(names) >= 12
    pooled = RefsResult()
    for name in names:
        result = _result(name)
        assert result.accuracy >= 0.98, (name, result.wrong[:10])
        pooled.add(result)
    assert pooled.accuracy >= 0.98 and pooled.exact_share >= 0.90, pooled.wrong[:10]


def test_the_hand_labelled_annex():
    """mongolia-2022 was labelled by hand from the published annex."""
    result = _result("mongolia-2022")
    assert result.accuracy >= 0.95, result.wrong
    assert [w for w in result.wrong if w[2] in ("ibid_of", "url", "un_symbol")] == []


def test_every_string_field_is_printed_in_its_footnote():
    for name in ("mongolia-2022", "wp/samoa-2022"):
        for footnote in extracted(name).footnotes:
            text = " ".join(footnote.text.split())
            for reference in footnote.references:
                for value in [reference.organization, reference.title, reference.container, reference.date, reference.un_symbol, reference.locator, *reference.authors]:
                    assert value is None or " ".join(value.split()) in text, (name, footnote.number, value)
                assert reference.url is None or reference.url in footnote.urls
