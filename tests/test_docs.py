"""The README documents every command, option, finding code and setting the code has."""
from __future__ import annotations

import re
from pathlib import Path

import click

from annexparse.cli import main
from annexparse.models import catalogue_table
from annexparse.settings import markdown_table

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_in_the_readme():
    context = click.Context(main)
    for name in main.list_commands(context):
        command = main.get_command(context, name)
        assert f"annexparse {name}" in README, name
        for parameter in command.params:
            for option in getattr(parameter, "opts", []):
                if option.startswith("-") and option != "--help":
                    assert option in README, f"{name} {option}"


def test_readme_opens_with_the_two_commands():
    head = README.splitlines()[:5]
    assert any("make run" in line for line in head) and any("make test" in line for line in head)


def test_the_codes_table_is_the_catalogue():
    """The README's table of finding codes is `catalogue_table()`, word for word."""
    assert catalogue_table() in README


def test_the_settings_table_is_the_settings():
    """The README's table of thresholds is `settings.markdown_table()`, word for word."""
    assert markdown_table() in README


def test_the_fields_table_is_the_schema():
    """The README's table of output fields is `fields_table()` (from the JSON Schema), word for word."""
    from annexparse.models import fields_table

    assert fields_table() in README


def test_help_lists_the_readme_exit_codes():
    from click.testing import CliRunner

    from annexparse.cli import main

    section = README.split("### Exit status", 1)[1].split("###", 1)[0]
    codes = re.findall(r"^\| (\d+) \|", section, re.MULTILINE)
    assert codes == [str(n) for n in range(11)]
    for command in ([], ["extract"], ["batch"], ["qa"], ["export"], ["schema"]):
        text = CliRunner().invoke(main, [*command, "--help"]).output
        listed = re.findall(r"^\s+(\d+)\s+\S", text.split("Exit status:", 1)[1], re.MULTILINE)
        assert listed == codes, command
