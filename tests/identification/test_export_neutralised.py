"""SECURITY 23: exports neutralise cells a spreadsheet would run as a formula."""

import csv

import pytest

from paramount.identification.export import identifications_export, neutralise
from paramount.identification.models import Identification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://example.invalid","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"],
)
def test_each_dangerous_start_is_escaped(cell):
    assert neutralise(cell) == "'" + cell


def test_harmless_cells_are_untouched():
    assert neutralise("O'Neill") == "O'Neill"
    assert neutralise("Smith-Jones") == "Smith-Jones"
    assert neutralise(None) == ""


def test_the_identifications_export_comes_out_escaped(identifications, tmp_path):
    formula = '=HYPERLINK("http://example.invalid","x")'
    identifications.build(child_first_name=formula, child_last_name="@evil")
    out = tmp_path / "identifications.csv"
    assert identifications_export(identifications=Identification.objects.all(), out=out) == 1
    with open(out, newline="", encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    assert row["child_first_name"] == "'" + formula
    assert row["child_last_name"] == "'@evil"
