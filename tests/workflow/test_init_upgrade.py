"""`maturity init --force .` after an upgrade of the package: a simulated newer version
(a changed schema, two changed workflows, a new page in the nav, a new pin) meets a
repository the team has worked in (changed files, deleted ones, the example gone)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from maturity.cli import cli
from maturity.cli.init import init_report
from maturity.errors import UsageError
from maturity.store.init import init_repository, skeleton_files
from maturity.store.manifest import read_manifest
from maturity.store.navedit import in_nav

TODAY = dt.date(2026, 11, 23)
OLD, NEW = "0.1.0", "0.2.0"
SCHEMA = "schemas/assessment.schema.json"
PAGES = ".github/workflows/pages.yml"
PULL = ".github/workflows/pull-request.yml"
PAGE = "docs/campaigns.md"


def newer() -> dict[str, bytes]:
    """Version 0.2.0's files: 0.1.0's with a changed schema and workflows, a new page
    that its mkdocs.yml puts in the nav after Review, and its own pin."""
    files = skeleton_files(TODAY, NEW)
    schema = json.loads(files[SCHEMA])
    schema["description"] = "Version 0.2.0 of the snapshot schema."
    files[SCHEMA] = json.dumps(schema, indent=2).encode()
    files[PAGES] = files[PAGES].replace(b"timeout-minutes: 30", b"timeout-minutes: 20")
    files[PULL] = files[PULL].replace(b"timeout-minutes: 45", b"timeout-minutes: 40")
    files[PAGE] = b"---\nrender_macros: true\n---\n# Campaigns\n\n{{ campaign_list() }}\n"
    files["mkdocs.yml"] = files["mkdocs.yml"].replace(
        b"  - Review: review.md\n", b"  - Review: review.md\n  - Campaigns: campaigns.md\n")
    return files


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def worked_in(tmp_path: Path) -> Path:
    """A repository made by 0.1.0 that the team has worked in."""
    repo = tmp_path / "repo"
    init_repository(repo, force=False, today=TODAY, version=OLD)
    mkdocs = repo / "mkdocs.yml"
    text = mkdocs.read_text(encoding="utf-8").replace("site_name: MLOps maturity", "site_name: Acme  # ours")
    mkdocs.write_text(text.replace("  - Guide: guide.md\n", "  - Guide: guide.md   # how we assess\n"),
                      encoding="utf-8")
    pull = repo / PULL
    pull.write_text(pull.read_text(encoding="utf-8") + "# our own step goes here\n", encoding="utf-8")
    makefile = repo / "Makefile"
    makefile.write_text(makefile.read_text(encoding="utf-8") + "\nours:\n\techo ours\n", encoding="utf-8")
    (repo / "docs" / "guide.md").unlink()
    shutil.rmtree(repo / "assessments" / "example-model")
    return repo


def test_init_records_every_managed_file_with_its_hash(tmp_path: Path) -> None:
    init_repository(tmp_path, force=False, today=TODAY, version=OLD)
    manifest = read_manifest(tmp_path)
    assert manifest is not None and (manifest.package, manifest.version) == ("mlops-maturity", OLD)
    assert manifest.example is True and manifest.requirement == ()
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    managed = {rel for rel in written if not rel.startswith(("assessments/", ".maturity/manifest.json"))}
    assert set(manifest.files) == managed  # the example system is the team's from day one
    for rel, sha in manifest.files.items():
        assert _sha(tmp_path / rel) == sha, rel


def test_an_upgrade_updates_adds_lists_and_never_recreates(worked_in: Path) -> None:
    repo = worked_in
    before_mkdocs = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    files = newer()
    result = init_repository(repo, force=True, today=TODAY, version=NEW, files=files)

    assert result.upgrade and (result.from_version, result.version) == (OLD, NEW)
    assert result.created == (PAGE,)
    assert result.navigated == (PAGE,)
    assert set(result.updated) == {SCHEMA, PAGES, "requirements.txt"}
    assert set(result.conflicts) == {PULL, "mkdocs.yml"}
    assert result.deleted == ("docs/guide.md",)
    assert result.kept == ("Makefile",)

    # untouched managed files are the new version's now
    for rel in (SCHEMA, PAGES, "requirements.txt"):
        assert (repo / rel).read_bytes() == files[rel], rel
    assert "mlops-maturity[site,notebooks]==0.2.0" in (repo / "requirements.txt").read_text(encoding="utf-8")
    # what the team changed is untouched; the new version waits beside it to compare
    assert (repo / PULL).read_text(encoding="utf-8").endswith("# our own step goes here\n")
    assert (repo / ".maturity" / "new" / PULL).read_bytes() == files[PULL]
    assert (repo / "Makefile").read_text(encoding="utf-8").endswith("ours:\n\techo ours\n")
    # deleted files and the deleted example stay deleted
    assert not (repo / "docs" / "guide.md").exists()
    assert not (repo / "assessments" / "example-model").exists()
    # the new page is in the nav, and mkdocs.yml is otherwise exactly the team's
    after = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    assert after == before_mkdocs.replace("  - Review: review.md\n",
                                          "  - Review: review.md\n  - Campaigns: campaigns.md\n")
    assert in_nav(after, "campaigns.md")
    assert (repo / PAGE).read_bytes() == files[PAGE]

    manifest = read_manifest(repo)
    assert manifest is not None and manifest.version == NEW
    assert manifest.files[SCHEMA] == hashlib.sha256(files[SCHEMA]).hexdigest()
    assert "docs/guide.md" in manifest.files  # remembered as deleted: never recreated

    report = "\n".join(init_report(result))
    assert f"created {repo / PAGE} (added to the nav in mkdocs.yml)" in report
    assert f"updated {repo / SCHEMA} (unchanged here: now as in {NEW})" in report
    assert (f"differs {repo / PULL}: changed here and in {NEW}, not touched; compare: "
            f"diff -u {repo / PULL} {repo / '.maturity' / 'new' / PULL}") in report
    assert f"deleted {repo / 'docs' / 'guide.md'}: deleted here, not recreated" in report

    again = init_repository(repo, force=True, today=TODAY, version=NEW, files=files)
    assert (again.created, again.updated, again.conflicts, again.deleted) == ((), (), (), ("docs/guide.md",))


def test_a_managed_file_the_team_has_since_changed_back_is_updated_again(tmp_path: Path) -> None:
    init_repository(tmp_path, force=False, today=TODAY, version=OLD)
    files = newer()
    result = init_repository(tmp_path, force=True, today=TODAY, version=NEW, files=files)
    assert set(result.updated) == {SCHEMA, PAGES, PULL, "requirements.txt", "mkdocs.yml"}
    assert result.conflicts == () and result.navigated == ()  # mkdocs.yml was replaced whole
    assert in_nav((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"), "campaigns.md")


def test_a_given_requirement_stays_until_another_is_given(tmp_path: Path) -> None:
    spec = "mlops-maturity[site,notebooks] @ git+https://git.example.com/acme/maturity@v0.1.0"
    init_repository(tmp_path, force=False, today=TODAY, version=OLD, requirement=[spec])
    result = init_repository(tmp_path, force=True, today=TODAY, version=NEW)
    assert "requirements.txt" not in result.updated
    assert spec in (tmp_path / "requirements.txt").read_text(encoding="utf-8")
    other = spec.replace("v0.1.0", "v0.2.0")
    result = init_repository(tmp_path, force=True, today=TODAY, version=NEW, requirement=[other])
    assert "requirements.txt" in result.updated
    manifest = read_manifest(tmp_path)
    assert manifest is not None and manifest.requirement == (other,)


def test_a_link_in_place_of_a_managed_file_is_never_written_through(tmp_path: Path) -> None:
    """A link inside the repository is the team's own file (listed, untouched); a link
    leaving it stops the upgrade before anything is written."""
    init_repository(tmp_path, force=False, today=TODAY, version=OLD)
    (tmp_path / "ours.json").write_text("{}", encoding="utf-8")
    (tmp_path / SCHEMA).unlink()
    (tmp_path / SCHEMA).symlink_to(tmp_path / "ours.json")
    result = init_repository(tmp_path, force=True, today=TODAY, version=NEW, files=newer())
    assert SCHEMA in result.conflicts and (tmp_path / SCHEMA).is_symlink()
    assert (tmp_path / "ours.json").read_text(encoding="utf-8") == "{}"

    repo = tmp_path / "second"
    init_repository(repo, force=False, today=TODAY, version=OLD)
    outside = tmp_path / "outside.json"
    outside.write_text("{}", encoding="utf-8")
    (repo / SCHEMA).unlink()
    (repo / SCHEMA).symlink_to(outside)
    (repo / "docs" / "portfolio.md").unlink()
    code = CliRunner().invoke(cli, ["init", "--force", str(repo)])
    assert code.exit_code == 1 and "is a symbolic link to" in code.output, code.output
    assert outside.read_text(encoding="utf-8") == "{}" and not (repo / "docs" / "portfolio.md").exists()


@pytest.mark.parametrize(("text", "where"), [
    ("{not json", ":1:2: not JSON"),
    ('{"format": 1, "package": "mlops-maturity", "version": "0.1.0",\n "files": {"a": {"sha256": "xyz"}}}',
     ":2:"),
])
def test_a_broken_manifest_is_refused_and_nothing_is_written(tmp_path: Path, text: str, where: str) -> None:
    init_repository(tmp_path, force=False, today=TODAY, version=OLD)
    (tmp_path / ".maturity" / "manifest.json").write_text(text, encoding="utf-8")
    (tmp_path / "docs" / "portfolio.md").unlink()
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(cli, ["init", "--force", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert f"{tmp_path / '.maturity' / 'manifest.json'}{where}" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


def test_a_folder_leading_out_of_the_repository_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    init_repository(repo, force=False, today=TODAY, version=OLD)
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(repo / "schemas")
    (repo / "schemas").symlink_to(outside, target_is_directory=True)
    (repo / "docs" / "portfolio.md").unlink()
    result = CliRunner().invoke(cli, ["init", "--force", str(repo)])
    assert result.exit_code == 1, result.output
    assert "schemas is a symbolic link to" in result.output and "Traceback" not in result.output
    assert list(outside.iterdir()) == [] and not (repo / "docs" / "portfolio.md").exists()


def test_an_older_version_does_not_downgrade_the_repository(tmp_path: Path) -> None:
    init_repository(tmp_path, force=False, today=TODAY, version=NEW)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(UsageError, match=r"upgraded by mlops-maturity 0\.2\.0, newer than the 0\.1\.0"):
        init_repository(tmp_path, force=True, today=TODAY, version=OLD)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
