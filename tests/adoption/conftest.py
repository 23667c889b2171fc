"""One wheel per test session, built from this tree, in a folder that serves as the
local package index (``pip --find-links``) the adoption tests install from: the
dependencies come from the package registry, ``mlops-maturity`` only from there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.adoption.tools import build_wheel, clean_env, source_tree


@pytest.fixture(scope="session")
def pristine_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This tree's sources as they were when the session started (every wheel of the
    session is built from them, even while the checkout is being edited)."""
    return source_tree(tmp_path_factory.mktemp("pristine") / "tree")


@pytest.fixture(scope="session")
def wheelhouse(pristine_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the one wheel of this tree (``mlops_maturity-X.Y.Z-py3-none-any.whl``)."""
    base = tmp_path_factory.mktemp("wheelhouse")
    env = clean_env(base / "home")
    tree = base / "tree"
    shutil.copytree(pristine_tree, tree)
    build_wheel(tree, base / "dist", env)
    return base / "dist"


@pytest.fixture(scope="session")
def wheel(wheelhouse: Path) -> Path:
    (found,) = wheelhouse.glob("mlops_maturity-*.whl")
    return found
