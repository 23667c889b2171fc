"""A generated ML repository of N files (a real git repository) for timing `maturity probe`.

Mostly Python modules (imports, an MLflow run here and there), configuration YAML,
notebooks, tests, requirements, CI workflows, Kubernetes manifests and Terraform: what
the probes read. Deterministic: the same N gives the same files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com",
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}

MODULE = '''"""Module {n} of package {pkg}."""

import numpy as np
import pandas as pd
{extra}

def step_{n}(frame: pd.DataFrame) -> pd.DataFrame:
    """Transform {n}."""
    values = np.asarray(frame.values, dtype=float)
    return pd.DataFrame(values * {n} + 1)
'''
EXTRAS = ["import mlflow\n\nmlflow.log_metric('m', 1)",
          "from sklearn.model_selection import train_test_split",
          "import great_expectations as gx", "", "", "", "import torch", ""]
JOB = "name: job-{n}\nresources:\n  cpu: 2\n  memory: 4Gi\n"
DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: m\n"
BUCKET = 'resource "aws_s3_bucket" "b{n}" {{\n  bucket = "b{n}"\n}}\n'



def _file(index: int) -> tuple[str, str]:
    kind = index % 20
    pkg = f"pkg{index % 50:02}"
    if kind < 12:
        return f"src/{pkg}/mod_{index:05}.py", MODULE.format(n=index, pkg=pkg, extra=EXTRAS[index % 8])
    if kind < 14:
        return f"tests/{pkg}/test_mod_{index:05}.py", f"def test_{index}():\n    assert {index} == {index}\n"
    if kind < 16:
        return f"configs/{pkg}/job_{index:05}.yaml", JOB.format(n=index)
    if kind == 16:
        cells = [{"cell_type": "code", "source": ["import pandas as pd\n", f"x = {index}\n"],
                  "metadata": {}, "outputs": [], "execution_count": None}]
        return f"notebooks/explore_{index:05}.ipynb", json.dumps(
            {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)
    if kind == 17:
        return f"k8s/{pkg}/deploy_{index:05}.yaml", DEPLOYMENT
    if kind == 18:
        return f"infra/{pkg}/res_{index:05}.tf", BUCKET.format(n=index)
    return f"docs/{pkg}/page_{index:05}.md", f"# Page {index}\n\nNotes about step {index}.\n"


def generate(path: Path, files: int = 5000) -> Path:
    """Write the repository at ``path`` (replaced if there) and commit every file."""
    path.mkdir(parents=True, exist_ok=True)
    fixed = {
        "requirements.txt": "numpy\npandas\nmlflow\ngreat-expectations\ntorch\n",
        ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
                                    "      - uses: actions/checkout@v4\n      - run: pytest -q\n",
        "Dockerfile": "FROM python:3.12-slim\n",
        "dvc.yaml": "stages:\n  train:\n    cmd: python -m pkg00.train\n    metrics:\n    - m.json\n",
    }
    written = dict(fixed)
    index = 0
    while len(written) < files:
        name, text = _file(index)
        written[name] = text
        index += 1
    for name, text in written.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, "utf-8")
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "generated"]):
        subprocess.run(["git", *args], cwd=path, env=env, check=True, capture_output=True)
    return path


if __name__ == "__main__":
    print(generate(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5000))
