"""Properties of each kind of hostile input, through the real ``maturity`` (hypothesis).

For generated hostile inputs of each kind of issue 22: the command ends with a clear
``path:line:col: message`` (or a clean result), never a traceback; nothing outside the
repository is listed, read or written; no output line can be forged by a file name;
a CSV cell never starts a formula; ``validate FILE`` says exactly what the full
``validate`` says about that file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maturity.views.data import inert_cell

BASE = Path(__file__).parent / "base"
MATURITY = Path(sys.executable).with_name("maturity")
SNAPSHOT = "assessments/demo/2026-01-10.yaml"
CLI = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _portfolio() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="hostile-"))
    shutil.copytree(BASE, folder / "portfolio")
    return folder / "portfolio"


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(MATURITY), *args], cwd=root, capture_output=True, text=True, timeout=120,
                            stdin=subprocess.DEVNULL)
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


# Names a pull request can give a file or folder: controls, line breaks, bidi, long ones.
NAME_PARTS = [*"abc-._ =+@", "\n", "\r", "\t", "\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\u2028", "::",
              "%00", "\uff1d", "::error file=x::pwned"]
hostile_names = st.lists(st.sampled_from(NAME_PARTS), min_size=1, max_size=8).map("".join).filter(
    lambda s: s not in (".", "..") and not s.startswith(".")  # hidden folders are skipped on purpose
)


@CLI
@given(name=hostile_names)
def test_no_file_name_can_forge_an_output_line(name: str) -> None:
    """Whatever a folder is called, every line printed starts with a path of the repository
    (no ``::error`` line of its own in a CI log) and holds no control character."""
    root = _portfolio()
    try:
        (root / "assessments" / name).mkdir()
    except OSError:
        return  # a name the file system refuses cannot be committed either
    result = _run(root, "validate")
    assert result.returncode == 1
    for line in (result.stdout + result.stderr).splitlines():
        assert line.startswith(("assessments/", "rubrics/")) or line.endswith("found"), repr(line)
        assert all(c.isprintable() for c in line), repr(line)
    shutil.rmtree(root.parent)


folder_kinds = st.sampled_from(["assessments", "campaigns", "rubrics", "rubrics/profiles", "rubrics/mappings",
                                "docs", "assessments/demo"])


@CLI
@given(folder=folder_kinds, secret=st.sampled_from(["secret-system", "passwd", "id_rsa"]))
def test_no_folder_link_leaving_the_repository_is_listed_read_or_written(folder: str, secret: str) -> None:
    root = _portfolio()
    outside = root.parent / "outside"
    outside.mkdir()
    (outside / secret).mkdir()
    (outside / f"{secret}.yaml").write_text(f"name: {secret}-content\nowner: x\n", "utf-8")
    target = root / folder
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(outside, target)
    before = sorted(p.name for p in outside.iterdir())
    for args in (["validate"], ["export", "-o", f"{folder}/out.json"], ["score", "demo"]):
        result = _run(root, *args)
        output = result.stdout + result.stderr
        assert f"{secret}-content" not in output, output
        if args == ["validate"] and folder != "docs":
            assert result.returncode == 1 and f"{folder}:1:1:" in output, output
            assert "symbolic link to" in output, output
    assert sorted(p.name for p in outside.iterdir()) == before  # nothing written there
    shutil.rmtree(root.parent)


EVIDENCE_PARTS = [*"ab/.%0-", "%00", "%2e", "%2f", "..", "~"]
evidence_paths = st.one_of(
    st.lists(st.sampled_from(EVIDENCE_PARTS), min_size=1, max_size=20).map("".join),
    st.integers(250, 6000).map(lambda n: "a" * n),
    st.integers(100, 3000).map(lambda n: "a/" * n),
)


@CLI
@given(evidence=evidence_paths)
def test_odd_evidence_paths_end_in_a_message_never_a_traceback(evidence: str) -> None:
    root = _portfolio()
    path = root / SNAPSHOT
    text = path.read_text("utf-8").replace('"https://ci.example.com/deploy"', json.dumps(evidence))
    path.write_text(text, "utf-8")
    for args in (["validate"], ["check-links"]):
        result = _run(root, *args)
        assert result.returncode in (0, 1), result.stderr
        for line in result.stdout.splitlines():
            assert line.startswith(SNAPSHOT) or line.startswith("all valid"), line
    shutil.rmtree(root.parent)


far_dates = st.dates(min_value=__import__("datetime").date(2100, 1, 1)).map(lambda d: d.isoformat())


@CLI
@given(date=far_dates, key=st.sampled_from(["checked", "until", "target_date", "deadline"]))
def test_dates_beyond_a_plan_or_in_the_future_are_refused_where_written(date: str, key: str) -> None:
    root = _portfolio()
    if key == "deadline":
        (root / "campaigns").mkdir()
        campaign = f"title: Far\ntarget: {{level: 1}}\ndeadline: {date}\n"
        (root / "campaigns/far.yaml").write_text(campaign, "utf-8")
        where = "campaigns/far.yaml:3:11"
    elif key == "target_date":
        with open(root / "assessments/demo/system.yaml", "a", encoding="utf-8") as handle:
            handle.write(f"target_date: {date}\n")
        where = "assessments/demo/system.yaml:6:14"
    else:
        status = "na, note: not yet" if key == "until" else "partial, note: weekly"
        path = root / SNAPSHOT
        answer = f"  data.checked: {{status: {status}, {key}: {date}}}"
        old = "  data.checked: {status: partial, note: weekly}"
        path.write_text(path.read_text("utf-8").replace(old, answer), "utf-8")
        where = "assessments/demo/2026-01-10.yaml:8:"
    result = _run(root, "validate")
    output = result.stdout + result.stderr
    if key != "checked" and date <= "2999-12-31":
        assert result.returncode == 0, output  # a far plan (until, target, deadline): allowed up to 2999
    else:
        assert result.returncode == 1 and where in output and date in output, output
    assert _run(root, "score", "demo").returncode in (0, 1)
    shutil.rmtree(root.parent)


cells = st.tuples(
    st.text(alphabet=st.sampled_from([" ", "\t", "\u00a0", "\u200b", "\n", "\r"]), max_size=3),
    st.sampled_from(["=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20"]),
    st.text(alphabet=st.sampled_from(list("HYPERLINK(\"x\")1+2 cmd|")), max_size=12),
).map("".join)


@settings(max_examples=200, deadline=None)
@given(cell=cells)
def test_no_csv_cell_starts_a_formula(cell: str) -> None:
    assert inert_cell(cell).startswith("'")


@CLI
@given(name=cells)
def test_exported_csv_never_starts_a_formula(name: str) -> None:
    root = _portfolio()
    system = root / "assessments/demo/system.yaml"
    text = system.read_text("utf-8").replace("name: Demo System", f"name: {json.dumps(name)}")
    system.write_text(text, "utf-8")
    result = _run(root, "export", "--format", "csv")
    if result.returncode == 0:
        for row in csv.DictReader(io.StringIO(result.stdout)):
            assert row["name"].startswith("'"), row
    shutil.rmtree(root.parent)


broken_lines = st.sampled_from([
    "  data.versioned: maybe\n", "  x.unknown: done\n", "  data.monitored: {status: na}\n",
    '  deploy.canary: {status: done, evidence: ["docs/missing.md"]}\n',
    '  deploy.canary: {status: done, evidence: ["../../etc/passwd"]}\n',
    "  deploy.canary: {status: done, checked: 2099-01-01}\n",
    "  data.checked: {status: todo, until: 2027-01-01}\n",
])


@CLI
@given(lines=st.lists(broken_lines, min_size=1, max_size=4, unique=True))
def test_validate_file_says_what_the_full_validate_says_about_it(lines: list[str]) -> None:
    """The pre-commit hook (``validate FILE``) skips no check of the full ``validate``."""
    root = _portfolio()
    path = root / SNAPSHOT
    text = path.read_text("utf-8")
    for line in lines:
        key = line.split(":", 1)[0] + ":"
        kept = [old for old in text.splitlines(keepends=True) if not old.startswith(key)]
        text = "".join(kept) + line
    path.write_text(text, "utf-8")
    full = _run(root, "validate").stdout.splitlines()
    one = _run(root, "validate", SNAPSHOT).stdout.splitlines()
    folder = _run(root, "validate", "assessments/demo").stdout.splitlines()
    assert one == [p for p in full if p.startswith(f"{SNAPSHOT}:")]
    assert folder == [p for p in full if p.startswith("assessments/demo/")]
    shutil.rmtree(root.parent)
