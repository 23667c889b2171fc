"""`maturity diff` between git revisions, in real temporary repositories, via the console script."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from maturity.core.scoring import score_snapshot
from maturity.store.load import load_portfolio
from maturity.views.diff import MARKER

from .portfolios import REPO, commit_all, git, init_repo, maturity

SYSTEM = "techcorp-support-chatbot"
SNAPSHOT = f"assessments/{SYSTEM}/2026-02-15.yaml"
# The worked example marks data quality monitoring todo; done, data moves up a level.
BEFORE_LINE = "data.quality-monitoring: {status: todo, note: manual checks}"
AFTER_LINE = (
    "data.quality-monitoring: {status: done, note: Great Expectations suite, "
    "evidence: ['https://ci.example/ge-report']}"
)


def _copy_portfolio(into: Path) -> None:
    shutil.copytree(REPO / "rubrics", into / "rubrics")
    (into / "assessments").mkdir(parents=True)
    shutil.copytree(REPO / "assessments" / SYSTEM, into / "assessments" / SYSTEM)


def _improve(root: Path) -> None:
    path = root / SNAPSHOT
    text = path.read_text(encoding="utf-8")
    assert BEFORE_LINE in text  # the shipped example still has the line this test edits
    path.write_text(text.replace(BEFORE_LINE, AFTER_LINE), encoding="utf-8")


def _levels(root: Path) -> dict[str, tuple[int, int]]:
    portfolio = load_portfolio(root)
    system = portfolio.system(SYSTEM)
    scored = score_snapshot(portfolio.rubric_for(system.current), system.current)
    out = {d: (s.level, s.upper) for d, s in scored.dimensions.items()}
    out["overall"] = (scored.overall.level, scored.overall.upper)
    return out


@pytest.fixture
def two_commits(tmp_path: Path) -> tuple[Path, dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    """A repository: the example assessment, then a commit that changes one answer."""
    repo = init_repo(tmp_path / "repo")
    _copy_portfolio(repo)
    before = _levels(repo)
    commit_all(repo, "assess")
    _improve(repo)
    after = _levels(repo)
    commit_all(repo, "data quality monitoring is done")
    assert before["data"] != after["data"]  # the scenario moves a level
    return repo, before, after


def test_json_between_two_commits_has_the_levels_of_each(two_commits) -> None:  # type: ignore[no-untyped-def]
    """Levels per dimension and overall, before and after, are the package's scores."""
    repo, before, after = two_commits
    result = maturity("diff", "--base", "HEAD~1", "--head", "HEAD", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["changed"], data["added"], data["removed"]) == (1, 0, 0)
    (system,) = data["systems"]
    assert system["system"] == SYSTEM
    levels = {lv["dimension"]: lv for lv in system["levels"]}
    assert set(levels) == set(before)
    for dim, lv in levels.items():
        assert (lv["before"]["level"], lv["before"]["upper"]) == before[dim]
        assert (lv["after"]["level"], lv["after"]["upper"]) == after[dim]
        assert lv["changed"] == (before[dim] != after[dim])
    (item,) = system["items"]
    assert item["item"] == "data.quality-monitoring"
    assert (item["before"], item["after"]) == ("todo", "done")
    assert item["evidence_added"] == ["https://ci.example/ge-report"]
    assert (item["note_before"], item["note_after"]) == ("manual checks", "Great Expectations suite")


def test_markdown_between_two_commits_reads_as_a_pull_request_comment(two_commits) -> None:  # type: ignore[no-untyped-def]
    repo, before, after = two_commits
    result = maturity("diff", "--base", "HEAD~1", "--head", "HEAD", "--format", "md", cwd=repo)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith(MARKER)

    def rng(value: tuple[int, int]) -> str:
        return str(value[0]) if value[0] == value[1] else f"{value[0]}–{value[1]}"

    assert f"data: level {rng(before['data'])} → {rng(after['data'])}" in text
    if before["overall"] == after["overall"]:
        assert f"overall still {rng(after['overall'])}" in text
    assert f"| Data Management | {rng(before['data'])} → {rng(after['data'])} | ▲ up |" in text
    assert "`data.quality-monitoring`" in text and "✗ to do → ✓ done" in text
    assert "<https://ci.example/ge-report>" in text


def test_default_base_is_the_merge_base_with_main(tmp_path: Path) -> None:
    """On a feature branch, `maturity diff` compares the working tree with where it left main;
    later commits on main are not the branch's changes."""
    repo = init_repo(tmp_path / "repo")
    _copy_portfolio(repo)
    fork_point = commit_all(repo, "assess")
    git(repo, "checkout", "-q", "-b", "feature")
    _improve(repo)
    commit_all(repo, "feature: data quality monitoring")
    git(repo, "checkout", "-q", "main")
    other = repo / "assessments" / SYSTEM / "system.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("target_level: 2", "target_level: 3"))
    shutil.copytree(repo / "assessments" / SYSTEM, repo / "assessments" / "main-only-system")
    commit_all(repo, "main moves on")
    git(repo, "checkout", "-q", "feature")
    result = maturity("diff", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert fork_point[:12] in data["base"]
    assert data["head"] == "working tree"
    assert [s["system"] for s in data["systems"]] == [SYSTEM]  # not main-only-system
    assert [i["item"] for i in data["systems"][0]["items"]] == ["data.quality-monitoring"]
    # uncommitted edits count: the head is the working tree
    (repo / SNAPSHOT).write_text(
        (repo / SNAPSHOT).read_text(encoding="utf-8").replace(
            "data.lineage: {status: done, note: documented in Git}", "data.lineage: todo"
        ),
        encoding="utf-8",
    )
    data = json.loads(maturity("diff", "--format", "json", cwd=repo).stdout)
    assert {i["item"] for i in data["systems"][0]["items"]} == {"data.quality-monitoring", "data.lineage"}
    # --exit-code says whether anything changed, like git diff
    assert maturity("diff", "--exit-code", cwd=repo).returncode == 1
    assert maturity("diff", "--base", "HEAD", "--head", "HEAD", "--exit-code", cwd=repo).returncode == 0


def test_a_system_added_in_the_branch_and_a_portfolio_in_a_subfolder(tmp_path: Path) -> None:
    """--root below the repository top; a base without any assessment: every system is new."""
    repo = init_repo(tmp_path / "repo")
    (repo / "README").write_text("x\n")
    commit_all(repo, "empty")
    _copy_portfolio(repo / "maturity")
    commit_all(repo, "first assessment")
    result = maturity("diff", "--root", "maturity", "--base", "HEAD~1", "--head", "HEAD",
                      "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["added"], data["changed"]) == (1, 0)
    overall = next(lv for lv in data["systems"][0]["levels"] if lv["dimension"] == "overall")
    expected = _levels(repo / "maturity")["overall"]
    assert overall["before"] is None
    assert (overall["after"]["level"], overall["after"]["upper"]) == expected
    text = maturity("diff", "--root", "maturity", "--base", "HEAD~1", cwd=repo).stdout
    assert "new system" in text


def test_errors_are_one_line_without_traceback(tmp_path: Path, two_commits) -> None:  # type: ignore[no-untyped-def]
    repo = two_commits[0]
    unknown = maturity("diff", "--base", "no-such-branch", cwd=repo)
    assert unknown.returncode == 1
    assert unknown.stderr == "maturity: error: unknown git revision 'no-such-branch'\n"
    lonely = tmp_path / "not-a-repo"
    _copy_portfolio(lonely)
    outside = maturity("diff", "--base", "HEAD~1", cwd=lonely)
    assert outside.returncode == 1
    assert "not in a git repository" in outside.stderr and "Traceback" not in outside.stderr
    assert len(outside.stderr.splitlines()) == 1
    no_main = init_repo(tmp_path / "no-main")
    _copy_portfolio(no_main)
    commit_all(no_main, "x")
    git(no_main, "branch", "-m", "trunk")
    result = maturity("diff", cwd=no_main)
    assert result.returncode == 2 and "give --base REV" in result.stderr
    mixed = maturity("diff", SYSTEM, "2026-02-15", "--base", "HEAD~1", cwd=repo)
    assert mixed.returncode == 2 and "Traceback" not in mixed.stderr


def test_a_broken_file_at_a_revision_is_reported_with_its_repository_path(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    _copy_portfolio(repo)
    commit_all(repo, "good")
    path = repo / SNAPSHOT
    good = path.read_text(encoding="utf-8")
    lines = good.splitlines()
    index = next(n for n, line in enumerate(lines) if line.startswith("answers:"))
    lines.insert(index + 1, "  data.no-such-item: done")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    commit_all(repo, "broken")
    path.write_text(good, encoding="utf-8")  # the working tree is fine again
    result = maturity("diff", "--base", "HEAD", cwd=repo)
    # the head is fine: the diff is shown, and says that the base had problems (issue 12)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "the base (HEAD" in result.stderr
    reported = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith(SNAPSHOT)]
    assert len(reported) == 1
    assert reported[0].startswith(f"{SNAPSHOT}:{index + 2}:") and reported[0].endswith("(at HEAD)")
    assert "had 1 problem" in result.stdout
    assert str(tmp_path) not in result.stdout + result.stderr  # no temporary folder leaks


def test_diff_of_one_system_between_its_two_snapshots(tmp_path: Path) -> None:
    """Without git: `maturity diff SYSTEM` compares the newest snapshot with the previous one."""
    root = tmp_path / "p"
    _copy_portfolio(root)
    old = root / SNAPSHOT
    new = root / f"assessments/{SYSTEM}/2026-05-15.yaml"
    new.write_text(old.read_text(encoding="utf-8").replace("date: 2026-02-15", "date: 2026-05-15"))
    _improve_path = new.read_text(encoding="utf-8").replace(BEFORE_LINE, AFTER_LINE)
    new.write_text(_improve_path, encoding="utf-8")
    result = maturity("diff", SYSTEM, "--format", "json", cwd=root)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["before"]["date"], data["after"]["date"]) == ("2026-02-15", "2026-05-15")
    assert [i["item"] for i in data["items"]] == ["data.quality-monitoring"]
    same = maturity("diff", SYSTEM, "2026-05-15", "2026-05-15", cwd=root)
    assert same.returncode == 0 and "No change in levels" in same.stdout
    out = tmp_path / "diff.md"
    written = maturity("diff", SYSTEM, "--format", "md", "-o", str(out), cwd=root)
    assert written.returncode == 0 and written.stdout == ""
    assert "`data.quality-monitoring`" in out.read_text(encoding="utf-8")


def test_the_help_examples_for_snapshots_run_on_the_shipped_portfolio(repo: Path) -> None:
    """The examples that need no git revision work as printed, on the example systems."""
    help_text = maturity("diff", "--help", cwd=repo).stdout
    examples = help_text.split("Examples:", 1)[1].split("Options:", 1)[0]
    lines = [line.strip() for line in examples.splitlines() if line.strip().startswith("maturity diff")]
    offline = [line for line in lines if "--base" not in line and "--head" not in line]
    assert len(offline) >= 2
    for line in offline:
        result = maturity(*line.split()[1:], cwd=repo)
        assert result.returncode == 0, (line, result.stderr)
        assert "levels:" in result.stdout
