"""new, set, reassess: lossless editing of assessment YAML (issue: pull-request workflow)."""

from __future__ import annotations
