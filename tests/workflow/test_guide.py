"""The "How to assess a system" guide names the commands it describes, as they really are."""

from __future__ import annotations

import re
import shlex

import click
import pytest

from maturity.cli import cli

from .portfolios import REPO

GUIDE = REPO / "docs" / "guide" / "assess.md"


def _command_lines() -> list[str]:
    """Every `maturity …` line of the guide's shell blocks, continuations joined."""
    text = GUIDE.read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    lines = []
    for block in blocks:
        joined = block.replace("\\\n", " ")
        lines += [line.strip() for line in joined.splitlines() if line.strip().startswith("maturity ")]
    return lines


def test_guide_is_written_and_in_the_nav() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert "placeholder" not in text
    assert "guide/assess.md" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["new", "set", "validate", "score", "diff", "reassess"])
def test_guide_shows_each_step_as_a_command(command: str) -> None:
    assert any(line.startswith(f"maturity {command}") for line in _command_lines()), command


def test_every_command_in_the_guide_parses_with_the_real_cli() -> None:
    """Options and arguments in the guide are ones the commands accept (no stale names)."""
    lines = _command_lines()
    assert len(lines) >= 8
    for line in lines:
        args = shlex.split(line, comments=True)[1:]
        name, rest = args[0], args[1:]
        assert name in cli.commands, line
        command = cli.commands[name]
        try:
            command.make_context(name, rest)
        except click.ClickException as error:  # pragma: no cover - the message is the failure
            pytest.fail(f"{line}: {error.format_message()}")


def test_guide_mentions_the_editor_and_ci_set_up_files_that_exist() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for path in (
        ".vscode/settings.json", ".vscode/extensions.json", ".github/CODEOWNERS",
        ".github/workflows/pull-request.yml", ".github/workflows/pages.yml", ".pre-commit-hooks.yaml",
    ):
        assert f"`{path}`" in text, path
        assert (REPO / path).is_file(), path
    settings = (REPO / ".vscode" / "settings.json").read_text(encoding="utf-8")
    for line in settings.splitlines():
        if ".schema.json" in line:
            assert line.strip() in text  # the guide shows the mapping as it is
