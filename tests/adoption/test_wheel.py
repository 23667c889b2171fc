"""Adopting the package without forking it, as a new user does from the README: build
the wheel, install it with its extras into a new virtual environment outside the
checkout, `maturity init` an empty folder, and there validate, start an assessment and
build the site with a hand-written page that calls every documented macro.

One wheel, one environment, one site build (slow: a minute or two).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
MACROS = ("level", "badge", "checklist", "gaps", "roadmap", "heatmap")
PAGE = """---
render_macros: true
---
# Fraud detection: design review

Fraud detection is at {{ level("fraud-detection") }} {{ badge("fraud-detection") }};
the example model at {{ level("example-model") }}.

{{ checklist("fraud-detection", dimension="data") }}

{{ gaps("fraud-detection", target=2) }}

{{ roadmap("example-model") }}

{{ heatmap(rubric="google-mlops", tag="payments") }}
"""


def _run(args: Sequence[str | Path], cwd: Path, env: dict[str, str], timeout: int = 600) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], Path]:
    """The wheel built from this tree, installed with [site,notebooks] into a new venv."""
    base = tmp_path_factory.mktemp("adoption")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", base / "dist", REPO],
         cwd=base, env=env)
    (wheel,) = (base / "dist").glob("maturity-*.whl")
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=base, env=env)
    _run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", f"{wheel}[site,notebooks]"],
         cwd=base, env=env, timeout=900)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return venv, env, wheel


def test_the_wheel_carries_the_package_data(installed: tuple[Path, dict[str, str], Path]) -> None:
    names = set(zipfile.ZipFile(installed[2]).namelist())
    for needed in ("maturity/schemas/assessment.schema.json", "maturity/rubrics/google-mlops.yaml",
                   "maturity/rubrics/azure-mlops.yaml", "maturity/site/templates/system.md",
                   "maturity/site/templates/embed/level.html", "maturity/site/assets/maturity.css",
                   "maturity/store/skeleton/mkdocs.yml",
                   "maturity/store/skeleton/dot-github/workflows/pages.yml",
                   "maturity/store/skeleton/notebooks/system_report.ipynb", "maturity/py.typed"):
        assert needed in names, needed
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(installed[2]).read(entry_points).decode()
    assert "[mkdocs.plugins]" in text and "maturity = maturity.site.plugin:MaturityPlugin" in text


def test_a_new_user_inits_assesses_and_builds_the_site(
    installed: tuple[Path, dict[str, str], Path], tmp_path: Path
) -> None:
    venv, env, _ = installed
    version = _run(["maturity", "--version"], cwd=tmp_path, env=env)
    assert "version 0." in version or "version 1." in version
    where = _run([venv / "bin" / "python", "-c", "import maturity; print(maturity.__file__)"], cwd=tmp_path,
                 env=env)
    assert str(venv) in where and str(REPO) not in where  # the installed copy, not this checkout

    repo = tmp_path / "mlops-maturity"
    repo.mkdir()
    output = _run(["maturity", "init", repo], cwd=tmp_path, env=env)
    assert "created mlops-maturity/mkdocs.yml" in output
    assert "src/" not in (repo / "mkdocs.yml").read_text(encoding="utf-8")  # grep -r src/ mkdocs.yml
    assert not (repo / "rubrics" / "google-mlops.yaml").exists()

    assert "all valid" in _run(["maturity", "validate"], cwd=repo, env=env)
    _run(["maturity", "new", "fraud-detection", "--rubric", "google-mlops", "--tag", "payments",
          "--target-level", "2"], cwd=repo, env=env)
    _run(["maturity", "set", "fraud-detection", "data.versioning", "done", "--note", "DVC"],
         cwd=repo, env=env)
    assert "all valid" in _run(["maturity", "validate"], cwd=repo, env=env)

    for name in MACROS:
        assert f"{{{{ {name}(" in PAGE
    (repo / "docs" / "design.md").write_text(PAGE, encoding="utf-8")
    _run(["mkdocs", "build", "--strict"], cwd=repo, env=env)
    site = repo / "site"
    page = BeautifulSoup((site / "design.html").read_text(encoding="utf-8"), "html.parser")
    for system in ("fraud-detection", "example-model"):
        score = json.loads(_run(["maturity", "score", system, "--format", "json"], cwd=repo, env=env))
        overall = score["overall"]
        span = page.find("span", attrs={"data-system": system})
        assert span is not None, system
        assert (int(span["data-level"]), int(span["data-upper"])) == (overall["level"], overall["upper"])
        assert span.get_text().startswith(f"level {overall['level']}")
    gaps = json.loads(_run(["maturity", "gaps", "fraud-detection", "--target", "2", "--format", "json"],
                           cwd=repo, env=env))
    assert int(page.find("p", attrs={"data-embed": "gaps"})["data-needed"]) == gaps["needed"]
    assert [t["data-dimension"] for t in page.find_all("table", attrs={"data-mt": "checklist"})] == ["data"]
    assert page.find(class_="mt-roadmap") is not None
    assert page.find("a", class_="mt-embed-badge") is not None
    heatmap = page.find("table", attrs={"data-mt": "heatmap"})
    rows = heatmap.find_all("tr", attrs={"data-system": True})
    assert [r["data-system"] for r in rows] == ["fraud-detection"]
    for rel in ("systems/fraud-detection.html", "systems/example-model.html", "review.html",
                "rubrics/google-mlops-v1.html", "schemas/assessment.schema.json",
                "badges/fraud-detection.svg", "assets/maturity/maturity.css", "portfolio.json"):
        assert (site / rel).is_file(), rel
