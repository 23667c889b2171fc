"""maturity: MLOps maturity assessment as code."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("maturity")  # one number: pyproject.toml's, as installed
except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
    __version__ = "0+unknown"
