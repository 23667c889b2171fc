"""notebooks: run the analysis notebooks with papermill."""

from __future__ import annotations
