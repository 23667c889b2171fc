"""maturity: MLOps maturity assessment as code."""

__version__ = "0.1.0"
