"""Notebooks: what the papermill notebooks import, and the runner behind ``maturity notebooks``."""
