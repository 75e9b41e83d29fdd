"""The documentation (README.md, docs/, CONTRIBUTING.md) documents every command, option, exit code,
finding code and setting the code has; its generated tables are the code's; every link resolves."""
from __future__ import annotations

import re
from pathlib import Path

import click

from annexparse.cli import main
from annexparse.models import catalogue_table
from annexparse.settings import markdown_table

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("*.md"))}
DOCS = "\n".join(PAGES.values())
README_LINES = 250  # the README stays a page a newcomer reads; the rest is in docs/


def test_every_command_and_option_is_in_the_docs():
    context = click.Context(main)
    for name in main.list_commands(context):
        command = main.get_command(context, name)
        assert f"annexparse {name}" in PAGES["commands.md"], name
        for parameter in command.params:
            for option in getattr(parameter, "opts", []):
                if option.startswith("-") and option != "--help":
                    assert option in PAGES["commands.md"], f"{name} {option}"


def test_readme_opens_with_the_two_commands_and_stays_short():
    head = README.splitlines()[:5]
    assert any("make run" in line for line in head) and any("make test" in line for line in head)
    assert len(README.splitlines()) < README_LINES
    assert all(f"docs/{name}" in README for name in PAGES), "every page of docs/ is linked from the README"


def test_the_codes_table_is_the_catalogue():
    """docs/checks.md's table of finding codes is `catalogue_table()`, word for word."""
    assert catalogue_table() in PAGES["checks.md"]


def test_the_settings_table_is_the_settings():
    """docs/architecture.md's table of thresholds is `settings.markdown_table()`, word for word."""
    assert markdown_table() in PAGES["architecture.md"]


def test_the_fields_table_is_the_schema():
    """docs/output.md's table of output fields is `fields_table()` (from the JSON Schema), word for word."""
    from annexparse.models import fields_table

    assert fields_table() in PAGES["output.md"]


def test_help_lists_the_documented_exit_codes():
    from click.testing import CliRunner

    section = PAGES["commands.md"].split("## Exit status", 1)[1].split("\n## ", 1)[0]
    codes = re.findall(r"^\| (\d+) \|", section, re.MULTILINE)
    assert codes == [str(n) for n in range(11)]
    for command in ([], ["extract"], ["batch"], ["qa"], ["export"], ["schema"]):
        text = CliRunner().invoke(main, [*command, "--help"]).output
        listed = re.findall(r"^\s+(\d+)\s+\S", text.split("Exit status:", 1)[1], re.MULTILINE)
        assert listed == codes, command


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    found, fenced = set(), False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := re.match(r"^#{1,6} (.+)$", line)):
            found.add(slug(match.group(1)))
    return found


def links(text: str) -> list[str]:
    """The relative link targets of a Markdown text, code blocks and spans aside."""
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    prose = re.sub(r"`[^`\n]*`", "", prose)
    return [t for t in re.findall(r"\]\(([^)\s]+)\)", prose) if not re.match(r"^[a-z]+:", t)]


def test_every_link_resolves():
    documents = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
    checked = 0
    for document in documents:
        for target in links(document.read_text(encoding="utf-8")):
            path, _, anchor = target.partition("#")
            resolved = (document.parent / path).resolve() if path else document
            assert resolved.exists(), f"{document.name}: {target}"
            if anchor:
                assert anchor in anchors(resolved.read_text(encoding="utf-8")), f"{document.name}: {target}"
            checked += 1
    assert checked >= 20


def test_the_link_check_can_fail():
    assert slug("Accepting findings (`--accepted review.toml`)") == "accepting-findings---accepted-reviewtoml"
    assert links("see [a](docs/x.md#y) and `[b](c.md)` and [web](https://example.org)") == ["docs/x.md#y"]
    assert "from-python" in anchors("# Commands\n\n## From Python\n")
