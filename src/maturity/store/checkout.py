"""Reading an untrusted repository for the probes: its file list and texts, bounded.

Nothing in the repository is executed, imported or rendered. A git checkout is read
at its tracked files (``git ls-files``; untracked ones only when asked, ignored ones
never), with git told not to run anything the repository's config names (fsmonitor
hooks). Only regular files inside the repository are read: no symbolic link (whether
it leads inside or out), FIFO, device or socket is opened, and a file whose real
path leaves the repository is skipped. Limits: the number of files listed, the bytes
read from one file, the total bytes read, and the total time; binary files (a NUL
byte in their start) are skipped. What a limit left unread is reported, and a probe
that finds nothing where the reader could not look answers ``unknown``.
"""

from __future__ import annotations

import os
import stat
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from maturity.errors import NotFound, UsageError

_GIT_SAFE = (
    "-c", "core.fsmonitor=false",  # a repository's config could name a program to run
    "-c", "core.untrackedCache=false",
    "-c", "core.quotePath=false",
    "-c", "safe.directory=*",  # reading another user's checkout runs nothing of it
)
_SKIP_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox"}
)
_BINARY_PROBE = 8192


@dataclass(frozen=True)
class ReadLimits:
    """How much of a repository the probe reads at most."""

    max_files: int = 50_000
    max_file_bytes: int = 1_048_576  # 1 MiB: larger files are listed (globs see them) but not read
    max_total_bytes: int = 256 * 1_048_576
    max_seconds: float = 60.0


@dataclass
class Skipped:
    """What the reader left out, by reason, with a few examples each."""

    counts: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, reason: str, path: str) -> None:
        self.counts[reason] = self.counts.get(reason, 0) + 1
        shown = self.examples.setdefault(reason, [])
        if len(shown) < 3:
            shown.append(path)


class RepositoryReader:
    """A checkout as the probes see it (``core.probes.Checkout``): paths and texts."""

    def __init__(
        self,
        root: Path,
        *,
        untracked: bool = False,
        limits: ReadLimits | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.root = Path(root)
        self.limits = limits or ReadLimits()
        self.skipped = Skipped()
        self._clock = clock
        self._deadline = clock() + self.limits.max_seconds
        self._read_bytes = 0
        self._texts: dict[str, str | None] = {}
        self._complete = True
        if not self.root.exists():
            raise NotFound(f"{root}: no such folder")
        if self.root.is_symlink() or not self.root.is_dir():
            raise UsageError(f"{root}: not a folder (a repository checkout is a real folder)")
        self._real_root = os.path.realpath(self.root)
        self.is_git = (self.root / ".git").exists()
        self.commit = self._git_commit() if self.is_git else None
        listed = self._git_paths(untracked) if self.is_git else self._walk()
        self._paths = self._regular(listed)

    # ------------------------------------------------------------------ listing

    def _git(self, *args: str) -> bytes | None:
        try:
            done = subprocess.run(
                ["git", "--no-optional-locks", *_GIT_SAFE, "-C", str(self.root), *args],
                capture_output=True, timeout=max(1.0, self._deadline - self._clock()),
                check=False, stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout if done.returncode == 0 else None

    def _git_commit(self) -> str | None:
        out = self._git("rev-parse", "--verify", "-q", "HEAD")
        text = out.decode("ascii", "replace").strip() if out else ""
        return text if len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text) else None

    def _git_paths(self, untracked: bool) -> list[str]:
        args = ["ls-files", "-z", "--cached"]
        if untracked:
            args += ["--others", "--exclude-standard"]
        out = self._git(*args)
        if out is None:  # not a repository git can read: read the folder instead
            self.is_git = False
            return self._walk()
        names = [n.decode("utf-8", "surrogateescape") for n in out.split(b"\0") if n]
        return sorted(dict.fromkeys(names))

    def _walk(self) -> list[str]:
        found: list[str] = []
        for folder, dirs, files in os.walk(self.root, followlinks=False):
            dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
            rel = os.path.relpath(folder, self.root)
            for name in files:
                found.append(name if rel == "." else f"{rel}/{name}".replace(os.sep, "/"))
                if len(found) > self.limits.max_files:
                    return sorted(found)
            if self._clock() > self._deadline:
                self._limit("time", rel)
                break
        return sorted(found)

    def _regular(self, listed: Sequence[str]) -> tuple[str, ...]:
        """The listed paths that are regular files inside the repository."""
        if len(listed) > self.limits.max_files:
            for path in listed[self.limits.max_files:]:
                self._limit("over the file count limit", path)
            listed = listed[: self.limits.max_files]
        kept: list[str] = []
        for path in listed:
            if self._clock() > self._deadline:
                self._limit("time", path)
                break
            if not _plain_path(path):
                self.skipped.add("odd name", path)
                continue
            full = os.path.join(self.root, path)
            try:
                info = os.lstat(full)
            except OSError:
                self.skipped.add("missing", path)  # deleted or never checked out (sparse)
                continue
            if stat.S_ISLNK(info.st_mode):
                self.skipped.add("symbolic link", path)
                continue
            if not stat.S_ISREG(info.st_mode):
                self.skipped.add("not a regular file", path)
                continue
            parent = os.path.realpath(os.path.dirname(full))
            if parent != self._real_root and not parent.startswith(self._real_root + os.sep):
                self.skipped.add("outside the repository", path)
                continue
            kept.append(path)
        return tuple(kept)

    def _limit(self, reason: str, path: str) -> None:
        self._complete = False
        self.skipped.add(reason, path)

    # ------------------------------------------------------------------ the Checkout protocol

    @property
    def paths(self) -> Sequence[str]:
        return self._paths

    @property
    def complete(self) -> bool:
        return self._complete

    def text(self, path: str) -> str | None:
        if path in self._texts:
            return self._texts[path]
        self._texts[path] = text = self._read(path)
        return text

    def _read(self, path: str) -> str | None:
        if self._clock() > self._deadline:
            self._limit("time", path)
            return None
        if self._read_bytes > self.limits.max_total_bytes:
            self._limit("over the total size limit", path)
            return None
        full = os.path.join(self.root, path)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(full, flags)
        except OSError:
            self.skipped.add("unreadable", path)
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):  # replaced since it was listed
                self.skipped.add("not a regular file", path)
                return None
            if info.st_size > self.limits.max_file_bytes:
                self.skipped.add("too large", path)
                return None
            with os.fdopen(os.dup(fd), "rb") as stream:
                data = stream.read(self.limits.max_file_bytes + 1)
        except OSError:
            self.skipped.add("unreadable", path)
            return None
        finally:
            os.close(fd)
        if len(data) > self.limits.max_file_bytes:
            self.skipped.add("too large", path)
            return None
        if b"\0" in data[:_BINARY_PROBE]:
            self.skipped.add("binary", path)
            return None
        self._read_bytes += len(data)
        return data.decode("utf-8", "replace")


def _plain_path(path: str) -> bool:
    """A relative path without ``..``, absolute parts or control characters."""
    if not path or path.startswith("/") or "\\" in path:
        return False
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))
