"""`maturity init DIR`: a new assessment repository that validates and points nowhere
into a source tree; nothing already there is ever overwritten."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.utils.yaml import yaml_load

import maturity
from maturity.cli import cli
from maturity.store.init import init_repository, skeleton_files
from maturity.store.load import load_portfolio
from maturity.store.validate import validate
from maturity.store.yamlio import load_text

TODAY = dt.date(2026, 11, 23)
EXPECTED = [
    "mkdocs.yml", "docs/index.md", "docs/portfolio.md", "docs/guide.md", "docs/review.md",
    "assessments/example-model/system.yaml", "assessments/example-model/2026-11-23.yaml",
    "rubrics/README.md", "macros.py", "notebooks/portfolio.ipynb", "notebooks/system_report.ipynb",
    "notebooks/trends.ipynb", "Makefile", ".github/workflows/pull-request.yml",
    ".github/workflows/pages.yml", ".pre-commit-config.yaml", ".vscode/settings.json", "README.md",
    "schemas/assessment.schema.json", "schemas/system.schema.json", "schemas/rubric.schema.json",
    "requirements.txt", ".gitignore",
]


def _init(target: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["init", str(target), *args])
    return result.exit_code, result.output


def test_init_writes_a_repository_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "new"
    code, output = _init(target)
    assert code == 0, output
    written = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert set(EXPECTED) <= set(written) | {"assessments/example-model/2026-11-23.yaml"}
    for rel in written:
        assert f"created {target / rel}" in output or f"created {rel}" in output  # each file listed
    assert f"{len(written)} files written in {target}" in output
    assert validate(target) == []
    assert [s.id for s in load_portfolio(target).systems] == ["example-model"]
    assert not (target / "rubrics" / "google-mlops.yaml").exists()  # built in, not copied


def test_nothing_in_a_new_repository_points_into_a_source_tree(tmp_path: Path) -> None:
    """`grep -r src/ mkdocs.yml` finds nothing; every $schema line and editor mapping
    names a schema file that init wrote."""
    init_repository(tmp_path, force=False, today=TODAY, version="0.1.0")
    assert "src/" not in (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    lines = [(p, m.group(1)) for p in tmp_path.rglob("*.y*ml")
             for m in re.finditer(r"\$schema=(\S+)", p.read_text(encoding="utf-8"))]
    assert len(lines) >= 2
    for path, ref in lines:
        assert "src/" not in ref
        assert (path.parent / ref).resolve().is_file(), (path, ref)
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema in settings["yaml.schemas"]:
        assert (tmp_path / schema).is_file(), schema
    config = yaml_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert plugins.index("maturity") < plugins.index("macros")
    macros = next(p["macros"] for p in config["plugins"] if isinstance(p, dict) and "macros" in p)
    assert macros["modules"] == ["maturity.site.macros"]
    assert macros["on_error_fail"] is True and macros["on_undefined"] == "strict"
    assert config["theme"]["font"] is False


def test_every_skeleton_file_is_readable_data(tmp_path: Path) -> None:
    """YAML parses (mkdocs.yml with MkDocs' loader for !ENV), JSON and notebooks load."""
    for rel, content in skeleton_files(TODAY, "0.1.0").items():
        text = content.decode("utf-8")
        assert "__TODAY__" not in text and "__VERSION__" not in text, rel
        if rel == "mkdocs.yml":
            assert yaml_load(text)["site_name"]
        elif rel.endswith((".yml", ".yaml")):
            load_text(text, rel)
        elif rel.endswith((".json", ".ipynb")):
            json.loads(text)
    notebook = skeleton_files(TODAY, "0.1.0")["notebooks/system_report.ipynb"].decode("utf-8")
    assert 'system: str = \\"\\"' in notebook and "techcorp" not in notebook  # the first system there is


def test_makefile_has_the_targets(tmp_path: Path) -> None:
    makefile = skeleton_files(TODAY, "0.1.0")["Makefile"].decode("utf-8")
    for target in ("serve", "site", "validate", "notebooks", "install", "upgrade"):
        assert re.search(rf"^{target}:.*## ", makefile, re.M), target


def test_a_non_empty_folder_needs_force(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    code, output = _init(tmp_path)
    assert code != 0
    assert "is not empty; --force" in output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # nothing written


def test_force_without_a_manifest_keeps_every_existing_file(tmp_path: Path) -> None:
    """A repository made before manifests (or by hand): what is there is kept as it is,
    listed with a diff command when it differs; the missing files are added; no example
    is written into a folder that is a repository already."""
    (tmp_path / "mkdocs.yml").write_text("site_name: Ours\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Our home\n", encoding="utf-8")
    code, output = _init(tmp_path, "--force")
    assert code == 0, output
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Ours\n"
    assert (tmp_path / "docs" / "index.md").read_text(encoding="utf-8") == "# Our home\n"
    new = tmp_path / ".maturity" / "new" / "mkdocs.yml"
    assert f"differs {tmp_path / 'mkdocs.yml'}: changed here and in" in output
    assert f"diff -u {tmp_path / 'mkdocs.yml'} {new}" in output
    assert new.read_bytes() == skeleton_files(TODAY, maturity.__version__)["mkdocs.yml"]
    assert (tmp_path / "docs" / "portfolio.md").is_file()
    assert not (tmp_path / "assessments" / "example-model").exists()
    again = init_repository(tmp_path, force=True, today=TODAY, version=maturity.__version__)
    assert (again.created, again.updated, again.conflicts) == ((), (), ())  # a second run: nothing to do


def test_a_file_is_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("", encoding="utf-8")
    code, output = _init(tmp_path / "x")
    assert code != 0 and "is a file, not a folder" in output


@pytest.mark.parametrize("name", ["pull-request.yml", "pages.yml"])
def test_workflows_call_make_targets_the_makefile_has(tmp_path: Path, name: str) -> None:
    files = skeleton_files(TODAY, "0.1.0")
    workflow = load_text(files[f".github/workflows/{name}"].decode("utf-8"), name)
    runs = "\n".join(str(s.get("run", "")) for job in workflow["jobs"].values() for s in job.get("steps", []))
    makefile = files["Makefile"].decode("utf-8")
    for target in set(re.findall(r"^make (\w+)$", runs, re.M)):
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert ".venv/bin" not in runs and "make test" not in runs


def _requirement_lines(target: Path) -> list[str]:
    text = (target / "requirements.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_requirements_pin_the_running_distribution(tmp_path: Path) -> None:
    import maturity

    code, output = _init(tmp_path / "new")
    assert code == 0, output
    pin = f"mlops-maturity[site,notebooks]=={maturity.__version__}"
    assert _requirement_lines(tmp_path / "new") == [pin]
    assert f"requirements.txt installs {pin}" in output


def test_requirement_writes_any_other_spec(tmp_path: Path) -> None:
    git = "mlops-maturity[site,notebooks] @ git+https://git.example.com/acme/maturity@v0.2.0"
    code, output = _init(tmp_path / "git", "--requirement", git)
    assert code == 0, output
    assert _requirement_lines(tmp_path / "git") == [git]
    index = ["--index-url https://pypi.acme.example/simple", "mlops-maturity[site,notebooks]>=0.1,<0.2"]
    code, output = _init(tmp_path / "index", "--requirement", index[0], "--requirement", index[1])
    assert code == 0, output
    assert _requirement_lines(tmp_path / "index") == index


@pytest.mark.parametrize("spec", ["", "   ", "# a comment", "mlops-maturity\n--index-url x", "a\x1b[31m"])
def test_a_bad_requirement_is_refused_and_nothing_is_written(tmp_path: Path, spec: str) -> None:
    code, output = _init(tmp_path / "new", "--requirement", spec)
    assert code == 2, output
    assert "--requirement" in output and "Traceback" not in output
    assert not (tmp_path / "new").exists()
