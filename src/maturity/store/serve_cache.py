"""What was found in each system folder, kept between builds of ``mkdocs serve``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from maturity.core.model import Rubric, System
from maturity.core.settings import Settings
from maturity.errors import Problem
from maturity.store.systems import check_system


class FolderCache:
    """What ``check_system`` found in each folder, kept between builds of ``mkdocs serve``.

    A folder is checked again only when a file in it changed (name, size, modification
    time), or when anything it is checked against did: the rubrics, the settings (the
    day, the limits).
    """

    def __init__(self) -> None:
        self._context: object = None
        self._folders: dict[str, tuple[object, tuple[System | None, list[Problem]]]] = {}

    @staticmethod
    def _signature(folder: Path) -> object:
        try:
            with os.scandir(folder) as entries:
                return tuple(sorted(
                    (e.name, s.st_mtime_ns, s.st_size, s.st_mode)
                    for e in entries for s in (e.stat(),)  # a link: its target's
                ))
        except OSError:
            return None

    def check(
        self, folder: Path, rubrics: Mapping[str, Rubric], settings: Settings
    ) -> tuple[System | None, list[Problem]]:
        context = (dict(rubrics), settings)
        if context != self._context:
            self._context, self._folders = context, {}
        signature = self._signature(folder)
        known = self._folders.get(str(folder))
        if known is not None and signature is not None and known[0] == signature:
            return known[1][0], list(known[1][1])
        result = check_system(folder, rubrics, settings)
        self._folders[str(folder)] = (signature, result)
        return result
