"""Settings: every threshold is a named, validated field with its unit."""
from __future__ import annotations

from dataclasses import fields, replace

import pytest

from annexparse.settings import DEFAULT, LayoutSettings, LineSettings, Settings, TableSettings


def test_every_field_says_its_unit_and_meaning():
    for group in fields(Settings):
        for spec in fields(getattr(DEFAULT, group.name)):
            assert spec.metadata["unit"] and spec.metadata["doc"], (group.name, spec.name)


@pytest.mark.parametrize(
    "make",
    [
        lambda: LineSettings(superscript_size=1.5),  # a fraction of the line's size
        lambda: LayoutSettings(furniture_band=-0.1),
        lambda: TableSettings(heading_size=0.9),  # a heading is larger than the table's text
        lambda: replace(DEFAULT.lines, block_pitch=float("nan")),
        lambda: LineSettings(word_gap="wide"),
    ],
)
def test_a_bad_value_fails_when_the_settings_are_built(make):
    with pytest.raises(ValueError, match="must be a number in"):
        make()


def test_defaults_are_valid_and_shared():
    assert Settings() == DEFAULT
