"""Atomic, checked writes: a file (or a new folder) appears whole and valid, or not at all.

The new content is first written under a hidden staging folder next to the target
(same filesystem, so the final ``os.replace`` is atomic), keeping the target's own
file name: the loader checks that a snapshot's date matches its file name, so the
staged file is checked exactly as the real one will be. Problems found there are
reported against the target's path and nothing is written.

Nothing is lost when two commands edit at once: ``system_lock`` serialises the edits
of one system folder (a lock on the folder itself, so no lock file is left behind),
``replace_checked`` refuses to replace a file that changed since it was read
(compare-and-swap against the bytes the edit started from) and creates a new file
exclusively (a hard link of the staged file, which fails if the name exists). A
write the file system refuses (read-only, no space, permissions) becomes a
``WriteRefused`` that says so; the staging folder is removed and the target is as
it was.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from maturity.core.settings import ENV_LOCK_TIMEOUT, LOCK_TIMEOUT_SECONDS
from maturity.errors import Problem, WriteRefused
from maturity.store.inside import is_inside, leaving_link, link_message
from maturity.store.yamlio import display_path

Checker = Callable[[Path], list[Problem]]
STAGING_PREFIX = ".maturity-staging-"


def os_refusal(path: Path, error: OSError) -> WriteRefused:
    """A file-system error on a write, as a message that says what to do."""
    shown = display_path(path)
    code = error.errno
    if code in (errno.EACCES, errno.EPERM):
        advice = "permission denied: make the file and its folder writable (chmod u+w) and retry"
    elif code == errno.EROFS:
        advice = "the file system is read-only: run the command in a writable checkout"
    elif code in (errno.ENOSPC, errno.EDQUOT):
        advice = "no space left on the device: free some space and retry"
    elif code == errno.ENAMETOOLONG:
        advice = "the file name is too long for the file system: use a shorter id"
    elif code == errno.ENOENT:
        advice = "its folder does not exist: create it first (or check the path)"
    else:
        advice = error.strerror or str(error)
    return WriteRefused(f"not written: {shown}: {advice}; nothing was changed")


@contextlib.contextmanager
def system_lock(folder: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` while its files are read, changed and written.

    Another ``maturity`` command editing the same folder waits (up to ``timeout``
    seconds: ``Settings.lock_timeout``, env MATURITY_LOCK_TIMEOUT, default 30) and then fails with a clear
    message. The lock is taken on the folder itself (``flock``): nothing to clean up,
    and it goes away with the process.
    """
    wait = LOCK_TIMEOUT_SECONDS if timeout is None else timeout
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as error:
        raise os_refusal(folder, error) from error
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WriteRefused(
                        f"not written: another maturity command is editing {display_path(folder)} "
                        f"(waited {wait:g} s): retry when it has finished "
                        f"(or wait longer with {ENV_LOCK_TIMEOUT}=SECONDS)"
                    ) from None
                time.sleep(0.05)
        _clean_staging(folder)
        yield
    finally:
        os.close(fd)  # releases the lock


def _refuse(target: Path, staged: Path, problems: list[Problem]) -> WriteRefused:
    shown_staged, shown_target = display_path(staged), display_path(target)
    lines = [
        str(Problem(p.path.replace(shown_staged, shown_target, 1), p.line, p.column, p.message))
        for p in sorted(problems)
    ]
    return WriteRefused(
        f"not written: {shown_target} would be invalid\n" + "\n".join(lines)
    )


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _refuse_link(target: Path) -> None:
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as error:
        raise os_refusal(target, error) from error
    if stat.S_ISLNK(info.st_mode):
        raise WriteRefused(
            f"not written: {display_path(target)} is a symbolic link: edits are refused on links; "
            "replace the link with the file itself and retry"
        )
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused(f"not written: {display_path(target)} is not a regular file")


def _unchanged_since_read(target: Path, before: bytes) -> None:
    try:
        now = target.read_bytes()
    except OSError as error:
        raise os_refusal(target, error) from error
    if now != before:
        raise WriteRefused(
            f"not written: {display_path(target)} changed while this command was editing it "
            "(another edit?): nothing was overwritten; run the command again"
        )


def replace_checked(
    target: Path,
    text: str,
    check: Checker | None = None,
    *,
    before: bytes | None = None,
    create: bool = False,
) -> None:
    """Write ``text`` to ``target`` atomically, after ``check`` found nothing wrong with it.

    ``text`` is written exactly (no newline translation). The file keeps its mode.
    With ``before`` (the bytes the edit started from), the write is refused if the
    file no longer holds them; with ``create``, the file must not exist yet and the
    write is refused if it appears meanwhile. Symbolic links are never replaced.
    """
    _refuse_link(target)
    if create and os.path.lexists(target):
        raise WriteRefused(f"not written: {display_path(target)} already exists")
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target.parent))
    except OSError as error:
        raise os_refusal(target, error) from error
    try:
        staged = staging / target.name
        _write(staged, text)
        if not create and target.exists():
            os.chmod(staged, stat.S_IMODE(target.stat().st_mode))
        if check is not None:
            problems = check(staged)
            if problems:
                raise _refuse(target, staged, problems)
        if create:
            try:
                os.link(staged, target)
            except FileExistsError:
                raise WriteRefused(f"not written: {display_path(target)} already exists") from None
        else:
            _refuse_link(target)
            if before is not None:
                _unchanged_since_read(target, before)
            os.replace(staged, target)
    except OSError as error:
        raise os_refusal(target, error) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def create_folder_checked(target: Path, files: Mapping[str, str], check: Checker) -> list[Path]:
    """Create the folder ``target`` holding ``files`` (name → text), all or nothing.

    ``check`` receives the staged folder (named like the target). Refuses a target
    that already exists.
    """
    exists = WriteRefused(f"not written: {display_path(target)} already exists")
    if os.path.lexists(target):
        raise exists
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target.parent))
    except OSError as error:
        raise os_refusal(target, error) from error
    try:
        staged = staging / target.name
        staged.mkdir()
        for name, text in files.items():
            _write(staged / name, text)
        problems = check(staged)
        if problems:
            raise _refuse(target, staged, problems)
        # An empty folder of that name would be replaced by rename: claim the name
        # first (mkdir is exclusive), then move each file in.
        try:
            os.mkdir(target)
        except FileExistsError:
            raise exists from None
        try:
            for name in files:
                os.rename(staged / name, target / name)
        except OSError:
            shutil.rmtree(target, ignore_errors=True)
            raise
    except OSError as error:
        raise os_refusal(target, error) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [target / name for name in files]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_output(target: Path, data: str | bytes, root: Path | None = None) -> None:
    """Write an output file (``-o``, ``export -o``, ``init``'s files) whole or not at all.

    The text is written beside the target (a hidden staging file in the same folder),
    synced, then renamed over it: a full disk, a killed process or a refused write
    leaves the old file as it was, never truncated. A target that is a symbolic link
    is refused (never written through, never replaced), and so is a target below
    ``root`` reached through a folder link leaving it (the one rule of
    ``store.inside``). A file that exists keeps its mode.
    """
    shown = display_path(target)
    if root is not None and Path(os.path.abspath(target)).is_relative_to(os.path.abspath(root)):
        link = leaving_link(target.parent, root)  # below the root: its folders stay inside
        if link is not None:
            raise WriteRefused(
                f"not written: {shown}: {link_message(link, display_path(link), verb='written')}"
            )
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise os_refusal(target, error) from error
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise WriteRefused(
            f"not written: {shown} is a symbolic link (to {os.readlink(target)!r}): nothing is "
            "written through a link; remove it or write to another file"
        )
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise WriteRefused(f"not written: {shown} is {kind}; nothing was changed")
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    raw = data.encode("utf-8") if isinstance(data, str) else data
    staged: str | None = None
    try:
        handle, staged = tempfile.mkstemp(prefix=STAGING_PREFIX, dir=target.parent or Path("."))
        with os.fdopen(handle, "wb") as out:
            out.write(raw)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(staged, mode)
        os.replace(staged, target)
        staged = None
    except OSError as error:
        raise os_refusal(target, error) from error
    finally:
        if staged is not None:
            with contextlib.suppress(OSError):
                os.unlink(staged)


def create_file(target: Path, data: bytes) -> bool:
    """Create ``target`` holding ``data``, whole or not at all; ``False`` (nothing written)
    when a file of that name exists. Written beside it first, then hard-linked into
    place, which fails if the name exists: never a truncated file, never an overwrite."""
    handle, staged = tempfile.mkstemp(prefix=STAGING_PREFIX, dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(staged, 0o666 & ~_umask())
        try:
            os.link(staged, target)
        except FileExistsError:
            return False
        return True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(staged)


STALE_STAGING_SECONDS = 10.0  # older than any write takes: left by a killed process


def leftovers(root: Path) -> list[Problem]:
    """Staging files and folders a killed write left behind (``.maturity-staging-*``),
    in the folders the tool writes to: each reported, none of them ever read."""
    folders = [root, root / "assessments", root / "rubrics", root / "campaigns"]
    assessments = root / "assessments"
    if is_inside(assessments, root) and assessments.is_dir():
        with contextlib.suppress(OSError):
            folders += sorted(p for p in assessments.iterdir() if p.is_dir() and not p.is_symlink())
    problems = []
    for folder in folders:
        try:
            names = sorted(e.name for e in os.scandir(folder) if e.name.startswith(STAGING_PREFIX))
        except OSError:
            continue
        problems += [
            Problem(display_path(folder / name), 1, 1,
                    "left over from an interrupted write (the command was stopped while writing): "
                    "it is never read; remove it (the next edit of this folder does)")
            for name in names
        ]
    return problems


def _clean_staging(folder: Path) -> None:
    """Remove what killed writes left in ``folder`` (called under its lock: no live
    write of this folder can be running; only staging older than a write takes)."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(STAGING_PREFIX)]
    except OSError:
        return
    now = time.time()
    for entry in entries:
        with contextlib.suppress(OSError):
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_STAGING_SECONDS:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
