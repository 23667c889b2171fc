"""diff: what changed between two snapshots or two git revisions."""

from __future__ import annotations
