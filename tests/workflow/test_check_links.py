"""`maturity check-links` as a user runs it, against servers on 127.0.0.1 only.

The checker itself is tested in tests/linkcheck/test_checker.py; here: the evidence is
collected from the newest snapshots with its line and column, each broken one is
printed as `path:line:col: <evidence>: <why>`, the exit code says whether anything
broke, and the results file the site reads is written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from ..linkcheck.servers import Hosts, Listener, hosts, listener  # noqa: F401  (the local servers, fixtures)

MATURITY = Path(sys.executable).with_name("maturity")
SYSTEM = "linked"


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**{k: v for k, v in os.environ.items() if "proxy" not in k.lower()
              and not k.startswith("MATURITY_CHECK_LINKS_")}, **(env or {})}
    return subprocess.run(
        [str(MATURITY), *args, "--root", str(root)], cwd=root, capture_output=True, text=True,
        check=False, timeout=120, env=env,
    )


def make_portfolio(repo: Path, tmp_path: Path, local: Hosts) -> Path:
    root = tmp_path / "portfolio"
    (root / "rubrics").mkdir(parents=True)
    rubric = (repo / "rubrics" / "google-mlops.yaml").read_bytes()
    (root / "rubrics" / "google-mlops.yaml").write_bytes(rubric)
    (root / "docs").mkdir()
    (root / "docs" / "runbook.md").write_text("# Runbook\n", encoding="utf-8")
    folder = root / "assessments" / SYSTEM
    folder.mkdir(parents=True)
    (folder / "system.yaml").write_text("name: Linked\nowner: Team\n", encoding="utf-8")
    (folder / "2026-01-10.yaml").write_text(  # an older snapshot: never checked
        "rubric: google-mlops@1\ndate: 2026-01-10\nanswers:\n"
        f"  data.versioning: {{status: done, evidence: ['{local.web}/missing-old']}}\n",
        encoding="utf-8",
    )
    (folder / "2026-03-01.yaml").write_text(
        "rubric: google-mlops@1\n"
        "date: 2026-03-01\n"
        "answers:\n"
        f"  data.centralized-storage: {{status: done, evidence: ['{local.web}/ok', docs/runbook.md]}}\n"
        "  data.versioning:\n"
        "    status: done\n"
        "    evidence:\n"
        f"      - {local.web}/missing\n"
        f"      - {local.silent}/never\n"
        "  data.catalog: {status: partial, evidence: [docs/gone.md]}\n",
        encoding="utf-8",
    )
    return root


def test_broken_evidence_is_printed_at_its_position_and_exits_1(
    repo: Path, tmp_path: Path, hosts: Hosts  # noqa: F811
) -> None:
    root = make_portfolio(repo, tmp_path, hosts)
    result = run(root, "check-links", "--timeout", "0.5", "--allow-private")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    path = f"assessments/{SYSTEM}/2026-03-01.yaml"
    assert result.stdout.splitlines() == [
        f"{path}:8:9: {hosts.web}/missing: 404 Not Found",
        f"{path}:9:9: {hosts.silent}/never: timed out after 0.5 s",
        f"{path}:10:46: docs/gone.md: no such file in the repository",
    ]
    assert "checking 5 evidence entries" in result.stderr
    assert "3 broken" in result.stderr

    results = json.loads((root / "build" / "links.json").read_text(encoding="utf-8"))
    links = results["links"]
    assert set(links) == {f"{hosts.web}/ok", "docs/runbook.md", f"{hosts.web}/missing",
                          f"{hosts.silent}/never", "docs/gone.md"}
    assert links[f"{hosts.web}/ok"]["ok"] is True
    assert links[f"{hosts.web}/missing"]["cited"] == [
        {"path": path, "line": 8, "column": 9, "system": SYSTEM, "item": "data.versioning"},
    ]
    assert results["summary"] == {"links": 5, "broken": 3}


def test_only_the_named_systems_and_a_clean_run_exits_0(
    repo: Path, tmp_path: Path, hosts: Hosts  # noqa: F811
) -> None:
    root = make_portfolio(repo, tmp_path, hosts)
    other = root / "assessments" / "fine"
    other.mkdir()
    (other / "system.yaml").write_text("name: Fine\nowner: Team\n", encoding="utf-8")
    (other / "2026-03-01.yaml").write_text(
        f"rubric: google-mlops@1\ndate: 2026-03-01\nanswers:\n"
        f"  data.catalog: {{status: done, evidence: ['{hosts.web}/ok', docs/runbook.md]}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "elsewhere" / "results.json"
    result = run(root, "check-links", "fine", "--output", str(out), "--timeout", "2", "--allow-private")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"] == {"links": 2, "broken": 0}
    assert not (root / "build").exists()


def test_an_unknown_system_is_named(repo: Path, tmp_path: Path, hosts: Hosts) -> None:  # noqa: F811
    root = make_portfolio(repo, tmp_path, hosts)
    result = run(root, "check-links", "linkd")
    assert result.returncode == 1
    assert "unknown system 'linkd'" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "build").exists()


def write_snapshot(root: Path, links: list[str]) -> Path:
    folder = root / "assessments" / SYSTEM
    listed = "".join(f"      - '{link}'\n" for link in links)
    path = folder / "2026-04-01.yaml"
    path.write_text(
        "rubric: google-mlops@1\ndate: 2026-04-01\nanswers:\n"
        f"  data.versioning:\n    status: done\n    evidence:\n{listed}",
        encoding="utf-8",
    )
    return path


def test_no_private_address_is_contacted_directly_or_after_a_redirect(
    repo: Path, tmp_path: Path, hosts: Hosts, listener: Listener  # noqa: F811
) -> None:
    """Evidence pointing at a second local server, in many spellings and through a
    redirect from a server the run allows: that server sees no connection at all."""
    root = make_portfolio(repo, tmp_path, hosts)
    port = listener.port
    direct = [f"http://127.0.0.1:{port}/metadata", f"http://localhost:{port}/", f"http://2130706433:{port}/",
              f"http://0x7f000001:{port}/", f"http://127.1:{port}/", f"http://[::ffff:127.0.0.1]:{port}/",
              f"http://0.0.0.0:{port}/", f"http://[::]:{port}/", f"http://localhost.:{port}/"]
    via = f"{hosts.web}/redirect?to={quote(f'http://localhost:{port}/latest/meta-data/', safe='')}"
    path = write_snapshot(root, [*direct, via])
    web_port = hosts.web.rsplit(":", 1)[1]

    result = run(root, "check-links", "--timeout", "1", "--allow-address", f"127.0.0.1:{web_port}")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert listener.connections == 0
    lines = result.stdout.splitlines()
    shown = path.relative_to(root).as_posix()
    for link in [*direct, via]:
        (line,) = [entry for entry in lines if f": {link}: " in entry]
        assert line.startswith(f"{shown}:")
        assert ": not checked: private address (" in line, line
    assert hosts.recorder.paths()[("HEAD", "/redirect")] >= 1  # the allowed server was asked

    results = json.loads((root / "build" / "links.json").read_text(encoding="utf-8"))["links"]
    assert results[via]["final_url"].startswith(f"http://localhost:{port}/")
    assert results[via]["ok"] is False


def test_allow_private_from_the_option_or_the_environment(
    repo: Path, tmp_path: Path, hosts: Hosts, listener: Listener  # noqa: F811
) -> None:
    """Without --allow-private nothing local is contacted: not the server, not where it
    would redirect; with it (option or environment) the server answers."""
    root = make_portfolio(repo, tmp_path, hosts)
    write_snapshot(root, [f"{hosts.web}/ok"])
    via = f"{hosts.web}/redirect?to={quote(f'http://127.0.0.1:{listener.port}/', safe='')}"
    snapshot = write_snapshot(root, [f"{hosts.web}/ok", via])
    hosts.recorder.reset()
    refused = run(root, "check-links")
    assert refused.returncode == 1 and "not checked: private address (127.0.0.1: loopback)" in refused.stdout
    assert refused.stdout.count("not checked: private address") == 2
    assert hosts.recorder.requests == [] and listener.connections == 0
    write_snapshot(root, [f"{hosts.web}/ok"])
    assert snapshot.exists()
    allowed = run(root, "check-links", "--allow-private")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "private addresses allowed" in allowed.stderr
    from_env = run(root, "check-links", env={"MATURITY_CHECK_LINKS_ALLOW_PRIVATE": "1"})
    assert from_env.returncode == 0, from_env.stdout + from_env.stderr


def test_credentials_are_never_sent_nor_written(repo: Path, tmp_path: Path, hosts: Hosts) -> None:  # noqa: F811
    root = make_portfolio(repo, tmp_path, hosts)
    hosts.recorder.reset()
    link = f"http://deploy:hunter2@{hosts.web.removeprefix('http://')}/ok"
    write_snapshot(root, [link])
    result = run(root, "check-links", "--allow-private")
    assert result.returncode == 1
    assert hosts.recorder.requests == []
    assert "hunter2" not in result.stdout + result.stderr
    assert ("assessments/linked/2026-04-01.yaml:7:9: evidence 'http://***@127.0.0.1:"
            in result.stderr), result.stderr
    assert "carries a user name or password" in result.stderr
    assert not (root / "build").exists()  # refused before anything is checked or written
    validated = run(root, "validate")
    assert validated.returncode == 1
    assert "carries a user name or password" in validated.stdout + validated.stderr
    assert "hunter2" not in validated.stdout + validated.stderr


def test_the_run_has_a_time_limit(repo: Path, tmp_path: Path, hosts: Hosts) -> None:  # noqa: F811
    root = make_portfolio(repo, tmp_path, hosts)
    write_snapshot(root, [f"{hosts.silent}/a", f"{hosts.web}/slow"])
    started = time.monotonic()
    result = run(root, "check-links", "--allow-private", "--timeout", "30", "--max-time", "1")
    assert time.monotonic() - started < 20
    assert result.returncode == 1
    assert result.stdout.count("not checked: the run's time limit (1 s) ran out") == 2
    assert "0 broken, 2 not checked" in result.stderr


@pytest.mark.parametrize(("option", "value"), [
    ("--timeout", "nan"), ("--timeout", "inf"), ("--timeout", "-1"), ("--timeout", "0"),
    ("--timeout", "ten"), ("--max-time", "nan"), ("--max-time", "1e400"), ("--max-time", "-5"),
    ("--allow-address", "intranet"), ("--allow-address", "10.0.0.1:70000"),
])
def test_numbers_and_addresses_are_checked(
    repo: Path, tmp_path: Path, hosts: Hosts, option: str, value: str  # noqa: F811
) -> None:
    root = make_portfolio(repo, tmp_path, hosts)
    result = run(root, "check-links", option, value)
    assert result.returncode == 2
    assert f"Invalid value for '{option}'" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "build").exists()
