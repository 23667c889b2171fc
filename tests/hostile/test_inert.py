"""Text from the files stays text everywhere it goes: terminal, CSV, Markdown, charts."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

from maturity.charts.figures import dimension_levels_figure, to_svg
from maturity.core.scoring import score_snapshot
from maturity.store.load import load_system
from maturity.views.data import inert_cell
from maturity.views.terminal import inert_terminal

BASE = Path(__file__).parent / "base"
MATURITY = Path(sys.executable).with_name("maturity")

HOSTILE_NAME = (
    '=HYPERLINK("http://evil") <script>x</script> [a](javascript:alert(1)) '
    "\x1b]0;pwned\x07 \u202e $\\frac{1}{0}$"
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "portfolio"
    shutil.copytree(BASE, root)
    system = root / "assessments" / "demo" / "system.yaml"
    text = system.read_text("utf-8").replace("name: Demo System", f"name: {json.dumps(HOSTILE_NAME)}")
    text = text.replace("owner: Corpus Team", 'owner: "@owner -1+2"')
    system.write_text(text, "utf-8")
    snapshot = root / "assessments" / "demo" / "2026-01-10.yaml"
    snapshot.write_text(
        snapshot.read_text("utf-8").replace(
            "  data.monitored: todo",
            '  data.monitored: {status: todo, note: "\\e]52;c;cGF5bG9hZA==\\a <img src=x onerror=alert(1)>"}',
        ),
        "utf-8",
    )
    return root


def run(root: Path, *args: str) -> str:
    result = subprocess.run([str(MATURITY), *args], cwd=root, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout + result.stderr


def test_inert_terminal_escapes_controls_and_bidi_but_keeps_lines_and_tabs() -> None:
    assert inert_terminal("a\x1b]0;t\x07b") == "a\\u001b]0;t\\u0007b"
    assert inert_terminal("x\u202ey\u2066z\x9bq") == "x\\u202ey\\u2066z\\u009bq"
    assert inert_terminal("line 1\n\tline 2 é ✓") == "line 1\n\tline 2 é ✓"


@pytest.mark.parametrize("command", [["score", "demo"], ["score", "demo", "--explain"], ["gaps", "demo"],
                                     ["score", "demo", "-f", "md"], ["roadmap", "demo"], ["export"],
                                     ["export", "-f", "csv"], ["score", "demo", "-f", "json"]])
def test_no_control_character_reaches_the_terminal(root: Path, command: list[str]) -> None:
    out = run(root, *command)
    assert not any(ch in out for ch in "\x1b\x07\x9b\u202e"), out
    assert "\\u001b" in out or "HYPERLINK" in out


def test_json_printed_through_the_terminal_filter_keeps_its_values(root: Path) -> None:
    data = json.loads(run(root, "score", "demo", "-f", "json"))
    assert data["name"] == HOSTILE_NAME


def test_csv_cells_a_spreadsheet_would_run_are_text(root: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run(root, "export", "-f", "csv"))))
    assert rows and all(r["name"].startswith("'=HYPERLINK") for r in rows)
    assert all(r["owner"] == "'@owner -1+2" for r in rows)
    assert rows[0]["level"].isdigit()  # numbers stay numbers


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_inert_cell_prefixes_formula_starts(value: str) -> None:
    assert inert_cell(value) == "'" + value


def test_inert_cell_leaves_plain_text_and_numbers() -> None:
    assert inert_cell("Fraud - detection") == "Fraud - detection"
    assert inert_cell(-1) == -1


@pytest.mark.parametrize(
    "command", [["roadmap", "demo"], ["score", "demo", "-f", "md"], ["gaps", "demo", "-f", "md"]]
)
def test_markdown_outputs_escape_user_text(root: Path, command: list[str]) -> None:
    out = run(root, *command)
    assert "<script>" not in out and "<img" not in out
    assert "[a](javascript:" not in out  # only as escaped text: \[a\](javascript:…)
    assert "\\[a\\](javascript:" in out
    assert "&lt;script&gt;" in out or "script" not in out


def test_chart_labels_are_literal_text_not_math(root: Path) -> None:
    portfolio, system = load_system(root, "demo")
    snapshot = system.current
    rubric = portfolio.rubric_for(snapshot)
    renamed = dataclasses.replace(rubric.dimensions[0], name="cost $\\frac{1}{0}$ x")
    rubric = dataclasses.replace(rubric, dimensions=(renamed, *rubric.dimensions[1:]))
    fig = dimension_levels_figure(score_snapshot(rubric, snapshot), target=2)
    try:
        svg = to_svg(fig)
    finally:
        plt.close(fig)
    assert "$\\frac{1}{0}$" in svg


@pytest.mark.parametrize("value", [" =1+1", "  +1", "\u00a0-1", "\u200b@SUM(A1)", "\n=cmd",
                                   "\uff1dcmd", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", " \uff1d1"])
def test_inert_cell_prefixes_formulas_after_whitespace_and_in_full_width(value: str) -> None:
    assert inert_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["a=b", "Fraud - detection", "team@example.com", "x\uff1d1"])
def test_inert_cell_leaves_formula_characters_inside_text(value: str) -> None:
    assert inert_cell(value) == value
