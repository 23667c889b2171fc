"""The evidence link checker, against real servers on 127.0.0.1 and nowhere else."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import math
import socket
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

from maturity.linkcheck.addresses import AddressPolicy, IPAddress, parse_allowed, system_resolver
from maturity.linkcheck.checker import check_links, format_broken
from maturity.store.linkresults import LinkResult, LinkTarget

from .servers import Hosts, Listener

LOCAL = AddressPolicy(allow_private=True)  # the test servers are on 127.0.0.1
TIMEOUT = 0.5  # seconds; every slow path below takes far longer
DAY = datetime.date(2026, 8, 3)


@pytest.fixture(autouse=True)
def no_proxy_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    """Proxy variables pointing nowhere: the checker must ignore them."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)




def target(evidence: str, line: int = 1) -> LinkTarget:
    return LinkTarget(evidence, "assessments/demo/2026-08-01.yaml", line, 5, "demo", "data.catalog")


def check(evidence: list[str], root: Path, **options: object) -> dict[str, LinkResult]:
    options.setdefault("policy", LOCAL)
    results = check_links(
        [target(e, n) for n, e in enumerate(evidence, 1)],
        repo_root=root, timeout=TIMEOUT, today=DAY, **options,  # type: ignore[arg-type]
    )
    return {r.target.evidence: r for r in results}


# --------------------------------------------------------------------------- HTTP


def test_statuses_are_reported(web: Hosts, tmp_path: Path) -> None:
    """2xx is fine; 404 and 500 are broken, named by status and standard phrase."""
    ok, missing, broken = f"{web.web}/ok", f"{web.web}/missing", f"{web.web}/broken"
    results = check([ok, missing, broken], tmp_path)
    assert [(r.ok, r.why, r.status) for r in results.values()] == [
        (True, "200 OK", 200),
        (False, "404 Not Found", 404),
        (False, "500 Internal Server Error", 500),
    ]
    assert results[ok].final_url == ok
    assert all(r.checked == DAY for r in results.values())


def test_head_first_then_get_where_head_is_refused(web: Hosts, tmp_path: Path) -> None:
    """A link is asked with HEAD; a server that refuses HEAD (405) is asked with GET."""
    results = check([f"{web.web}/ok", f"{web.web}/no-head"], tmp_path)
    assert results[f"{web.web}/no-head"].ok
    assert results[f"{web.web}/no-head"].status == 200
    seen = web.recorder.paths()
    assert seen[("HEAD", "/ok")] == 1 and seen[("GET", "/ok")] == 0
    assert seen[("HEAD", "/no-head")] == 1 and seen[("GET", "/no-head")] == 1


def test_redirect_chains_are_followed(web: Hosts, tmp_path: Path) -> None:
    """301 then 302 to a 200 is fine, with the final URL; a redirect to a 404 is broken."""
    moved, to_missing = f"{web.web}/moved", f"{web.web}/moved-to-missing"
    results = check([moved, to_missing], tmp_path)
    assert (results[moved].ok, results[moved].status, results[moved].final_url) == (
        True, 200, f"{web.web}/ok"
    )
    assert not results[to_missing].ok
    assert results[to_missing].why == "404 Not Found after 1 redirect"
    assert results[to_missing].final_url == f"{web.web}/missing"


def test_a_redirect_loop_is_named(web: Hosts, tmp_path: Path) -> None:
    """A redirect loop ends at once, reported as a loop, not after a redirect limit."""
    loop = f"{web.web}/loop-a"
    result = check([loop], tmp_path)[loop]
    assert (result.ok, result.why) == (False, "redirect loop")
    assert web.recorder.paths()[("HEAD", "/loop-a")] == 1


def test_too_many_redirects(web: Hosts, tmp_path: Path) -> None:
    """An endless chain of redirects stops after ten."""
    link = f"{web.web}/chain/0"
    result = check([link], tmp_path)[link]
    assert (result.ok, result.why, result.final_url) == (
        False, "more than 10 redirects", f"{web.web}/chain/11"
    )
    assert web.recorder.paths()[("HEAD", "/chain/10")] == 1
    assert web.recorder.paths()[("HEAD", "/chain/11")] == 0


def test_a_redirect_out_of_http_is_broken(web: Hosts, tmp_path: Path) -> None:
    """A redirect to another scheme (ftp:) is not followed and is broken."""
    link = f"{web.web}/to-ftp"
    result = check([link], tmp_path)[link]
    assert (result.ok, result.why) == (False, "redirected to a non-http(s) link")


def test_timeouts_never_hang(web: Hosts, tmp_path: Path) -> None:
    """A slow path and a host that accepts and never answers both end as timed out,
    each after about the timeout, checked side by side."""
    slow, silent = f"{web.web}/slow", f"{web.silent}/anything"
    started = time.monotonic()
    results = check([slow, silent], tmp_path)
    elapsed = time.monotonic() - started
    for link in (slow, silent):
        assert (results[link].ok, results[link].why, results[link].status) == (
            False, "timed out after 0.5 s", None
        )
    assert elapsed < 4 * TIMEOUT


def test_a_dribbling_answer_times_out(web: Hosts, tmp_path: Path) -> None:
    """An answer that trickles in a byte at a time is bounded by the same timeout."""
    link = f"{web.web}/drip"
    started = time.monotonic()
    result = check([link], tmp_path)[link]
    assert (result.ok, result.why) == (False, "timed out after 0.5 s")
    assert time.monotonic() - started < 4 * TIMEOUT


def test_connection_refused(web: Hosts, tmp_path: Path) -> None:
    """A port where nothing listens is broken: connection refused."""
    link = f"{web.refused}/x"
    result = check([link], tmp_path)[link]
    assert (result.ok, result.why, result.status) == (False, "connection refused", None)


def test_per_host_limit_holds(web: Hosts, tmp_path: Path) -> None:
    """No more than ``per_host`` requests reach one host at a time, and that many do."""
    links = [f"{web.web}/busy/{n}" for n in range(6)]
    results = check(links, tmp_path, per_host=2)
    assert all(r.ok for r in results.values())
    assert web.recorder.most_busy == 2

    web.recorder.reset()
    check(links[:3], tmp_path, per_host=1)
    assert web.recorder.most_busy == 1


def test_total_limit_holds(web: Hosts, tmp_path: Path) -> None:
    """The global limit holds too, when it is below the per-host one."""
    links = [f"{web.web}/busy/{n}" for n in range(3)]
    check(links, tmp_path, per_host=4, total=1)
    assert web.recorder.most_busy == 1


def test_user_agent_names_the_tool(web: Hosts, tmp_path: Path) -> None:
    """Every request says it comes from the maturity link checker."""
    check([f"{web.web}/ok", f"{web.web}/no-head"], tmp_path)
    agents = {agent for _, _, agent in web.recorder.requests}
    assert len(agents) == 1
    assert agents.pop().startswith("maturity-link-check/")


def test_each_url_is_fetched_once(web: Hosts, tmp_path: Path) -> None:
    """A URL cited many times (with or without a fragment) is fetched once; every
    citation gets its result."""
    link = f"{web.web}/ok"
    targets = [target(link, 1), target(link, 2), target(f"{link}#part", 3)]
    results = check_links(targets, repo_root=tmp_path, timeout=TIMEOUT, today=DAY, policy=LOCAL)
    assert [r.target.line for r in results] == [1, 2, 3]
    assert all(r.ok for r in results)
    assert web.recorder.paths() == Counter({("HEAD", "/ok"): 1})


def test_progress_counts_distinct_links(web: Hosts, tmp_path: Path) -> None:
    """``progress(done, count)`` runs once per distinct link or path, up to the count."""
    (tmp_path / "README.md").write_text("x")
    calls: list[tuple[int, int]] = []
    targets = [target(f"{web.web}/ok"), target(f"{web.web}/ok"), target("README.md")]
    check_links(targets, repo_root=tmp_path, timeout=TIMEOUT, policy=LOCAL,
                progress=lambda d, n: calls.append((d, n)))
    assert calls == [(1, 2), (2, 2)]


def test_nothing_to_check(tmp_path: Path) -> None:
    """No targets: no results, no network."""
    assert check_links([], repo_root=tmp_path) == []


# --------------------------------------------------------------------------- paths and other strings


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "runbook.md").write_text("# Runbook\n")
    (tmp_path / "secret.txt").write_text("outside\n")
    (root / "docs" / "out").symlink_to(tmp_path / "secret.txt")
    (root / "docs" / "in").symlink_to(root / "docs" / "runbook.md")
    (root / "loop").symlink_to(root / "loop")
    return root


@pytest.mark.parametrize(
    ("evidence", "ok", "why"),
    [
        ("docs/runbook.md", True, "exists"),
        ("docs/runbook.md#rollback", True, "exists"),
        ("./docs/../docs/runbook.md", True, "exists"),
        ("docs", True, "exists"),
        ("docs/in", True, "exists"),
        ("docs/missing.md", False, "no such file in the repository"),
        ("loop", False, "no such file in the repository"),
        ("../secret.txt", False, "leaves the repository"),
        ("docs/../../secret.txt", False, "leaves the repository"),
        ("%2e%2e/secret.txt", False, "leaves the repository"),
        ("/etc/hostname", False, "leaves the repository"),
        ("docs/out", False, "leaves the repository"),
    ],
)
def test_repository_paths(repo: Path, evidence: str, ok: bool, why: str) -> None:
    """A relative path must name a file or folder inside the repository, symlinks
    followed; one that escapes (``..``, absolute, a symlink out) leaves the repository."""
    result = check([evidence], repo)[evidence]
    assert (result.ok, result.why, result.status, result.final_url) == (ok, why, None, None)


@pytest.mark.parametrize(
    "evidence",
    [
        "ftp://127.0.0.1/file",
        "javascript:alert(1)",
        "mailto:someone@127.0.0.1",
        "\\\\host\\share",
        "/\\host",
        "//host/path",
        "C:\\evidence.txt",
        "",
        "docs/\x1b[31mred",
        "http://127.0.0.1\x00/",
    ],
)
def test_other_strings_are_not_evidence(repo: Path, evidence: str) -> None:
    """Anything that is neither an http(s) link nor a repository path is broken."""
    result = check([evidence], repo)[evidence]
    assert (result.ok, result.why) == (False, "not an http(s) link or a repository path")


def test_format_broken_escapes_control_characters() -> None:
    """The ``path:line:col: evidence: why`` line lets no terminal escape through."""
    result = LinkResult(
        LinkTarget("http://x/\x1b]0;pwned\x07", "assessments/a/2026-01-01.yaml", 7, 12),
        ok=False, why="bad\x1b[2J\u202e", status=None, final_url=None, checked=DAY,
    )
    line = format_broken(result)
    assert line == (
        "assessments/a/2026-01-01.yaml:7:12: http://x/\\u001b]0;pwned\\u0007: bad\\u001b[2J\\u202e"
    )
    assert all(c.isprintable() for c in line)




# --------------------------------------------------------------------------- private addresses (SSRF)


def spellings(port: int) -> list[str]:
    """Links to the counting listener, in every spelling of its address."""
    return [
        f"http://127.0.0.1:{port}/", f"http://localhost:{port}/", f"http://LocalHost.:{port}/x",
        f"http://api.localhost:{port}/", f"http://127.1:{port}/", f"http://2130706433:{port}/",
        f"http://0x7f000001:{port}/", f"http://0x7f.1:{port}/", f"http://017700000001:{port}/",
        f"http://127.0.0.1.:{port}/", f"http://0.0.0.0:{port}/", f"http://0:{port}/",
        f"http://[::]:{port}/", f"http://[::1]:{port}/", f"http://[::ffff:127.0.0.1]:{port}/",
        f"http://[::ffff:7f00:1]:{port}/", f"https://127.0.0.1:{port}/",
        f"http://0x7F.0X0.00.0001:{port}/", f"http://127.000.000.001:{port}/", f"http://[::127.0.0.1]:{port}/",
        f"http://127\u30020\u30020\u30021:{port}/", f"http://2130706433.:{port}/", f"HTTP://LOCALHOST:{port}/",
        f"http://[fe80::1%25lo]:{port}/", f"http://[0:0:0:0:0:ffff:127.0.0.1]:{port}/",
    ]


def test_private_addresses_are_never_contacted(listener: Listener, tmp_path: Path) -> None:
    """With the default policy, no spelling of a loopback address opens a connection;
    each is reported as not checked, never as an answer."""
    links = spellings(listener.port)
    results = check_links([target(e, n) for n, e in enumerate(links, 1)], repo_root=tmp_path,
                          timeout=TIMEOUT, today=DAY)
    assert listener.connections == 0
    for result in results:
        assert not result.ok
        assert result.why.startswith("not checked: private address ("), (result.target.evidence, result.why)
        assert result.status is None


def test_a_redirect_to_a_private_address_is_not_followed(
    web: Hosts, listener: Listener, tmp_path: Path
) -> None:
    """The test server (allowed as if public) redirects to the listener: the redirect is
    checked like the first request, refused, and the listener sees no connection."""
    port = int(web.web.rsplit(":", 1)[1])
    only_web = AddressPolicy(allowed=frozenset({parse_allowed(f"127.0.0.1:{port}")}))
    ascii_only = [url for url in spellings(listener.port) if url.isascii()]  # a header is latin-1 here
    links = [f"{web.web}/redirect?to={quote(url, safe='')}" for url in ascii_only]
    results = check_links([target(e, n) for n, e in enumerate(links, 1)], repo_root=tmp_path,
                          timeout=TIMEOUT, today=DAY, policy=only_web)
    assert listener.connections == 0
    assert web.recorder.paths()[("HEAD", "/redirect")] == len(links)  # the first hop was asked
    for result in results:
        assert result.why.startswith("not checked: private address ("), result.why
        assert result.final_url is not None and str(listener.port) in result.final_url
    ok = check([f"{web.web}/moved"], tmp_path, policy=only_web)[f"{web.web}/moved"]
    assert ok.ok  # the allowed server's own redirects are followed


def test_a_name_is_connected_to_at_its_checked_address_with_its_own_host_header(
    web: Hosts, tmp_path: Path
) -> None:
    """The connection goes to the address resolved (once) and checked; the request still
    names the host (Host header), as a browser's would."""
    port = int(web.web.rsplit(":", 1)[1])
    asked: list[str] = []

    async def dns(host: str, wanted: int) -> list[IPAddress]:
        asked.append(host)
        return [ipaddress.ip_address("127.0.0.1")]

    policy = AddressPolicy(allowed=frozenset({parse_allowed(f"127.0.0.1:{port}")}))
    link = f"http://docs.example.test:{port}/ok"
    result = check_links([target(link)], repo_root=tmp_path, timeout=TIMEOUT, today=DAY,
                         policy=policy, resolver=dns)[0]
    assert (result.ok, result.why) == (True, "200 OK")
    assert asked == ["docs.example.test"]
    assert web.recorder.hosts == [f"docs.example.test:{port}"]


def test_credentials_are_never_sent_nor_written(web: Hosts, tmp_path: Path) -> None:
    """A link with a user name or password is not asked; the results keep no secret."""
    link = f"http://user:s3cret@{web.web.removeprefix('http://')}/ok"
    result = check([link], tmp_path)
    assert web.recorder.requests == []
    (only,) = result.values()
    assert (only.ok, only.why) == (
        False, "not checked: the link carries a user name or password (never sent)"
    )
    assert "s3cret" not in only.target.evidence and "user" not in only.target.evidence
    assert "s3cret" not in format_broken(only)


def test_a_redirect_to_credentials_is_not_followed(web: Hosts, listener: Listener, tmp_path: Path) -> None:
    to = f"http://admin:pw@127.0.0.1:{listener.port}/"
    link = f"{web.web}/redirect?to={quote(to, safe='')}"
    result = check([link], tmp_path)[link]
    assert result.why == "redirected to a link with a user name or password (not followed)"
    assert listener.connections == 0


def test_the_whole_run_has_a_time_limit(web: Hosts, tmp_path: Path) -> None:
    """Links still waiting when the run's time is up are not checked, and the run ends."""
    links = [f"{web.web}/slow", f"{web.web}/ok"]
    started = time.monotonic()
    results = check_links([target(e, n) for n, e in enumerate(links, 1)], repo_root=tmp_path,
                          timeout=5, max_time=0.5, policy=LOCAL, today=DAY)
    assert time.monotonic() - started < 3
    assert results[0].why == "not checked: the run's time limit (0.5 s) ran out"
    assert (results[1].ok, results[1].why) == (True, "200 OK")


@pytest.mark.parametrize("value", [math.nan, math.inf, -1.0, 0.0])
def test_numbers_are_checked(tmp_path: Path, value: float) -> None:
    with pytest.raises(ValueError, match="positive, finite number of seconds"):
        check_links([], repo_root=tmp_path, timeout=value)
    with pytest.raises(ValueError, match="positive, finite number of seconds"):
        check_links([], repo_root=tmp_path, max_time=value)


def test_a_name_the_system_resolves_to_a_private_address_is_refused(
    listener: Listener, tmp_path: Path
) -> None:
    """Through the system's own resolver (this machine's host name, from /etc/hosts, never
    DNS): the name's addresses are checked, and the listener sees no connection."""
    name = socket.gethostname()
    try:
        found = {info[4][0] for info in socket.getaddrinfo(name, listener.port, type=socket.SOCK_STREAM)}
    except OSError:
        pytest.skip(f"this machine's name {name!r} does not resolve")
    if name.lower() == "localhost" or any(ipaddress.ip_address(a).is_global for a in found):
        pytest.skip(f"{name!r} resolves to {sorted(found)}: no private-only name to try")
    link = f"http://{name}:{listener.port}/"
    result = check_links([target(link)], repo_root=tmp_path, timeout=TIMEOUT, today=DAY)[0]
    assert result.why.startswith(f"not checked: private address ({name} is "), result.why
    assert listener.connections == 0


def test_a_lookup_that_never_answers_ends_with_the_run(tmp_path: Path) -> None:
    """A name whose lookup hangs is given up when the run's time is up."""

    async def hangs(host: str, port: int) -> list[IPAddress]:
        await asyncio.sleep(3600)
        return []

    started = time.monotonic()
    result = check_links([target("http://slow-dns.example/")], repo_root=tmp_path, timeout=30, max_time=0.5,
                         today=DAY, resolver=hangs)[0]
    assert time.monotonic() - started < 3
    assert result.why == "not checked: the run's time limit (0.5 s) ran out"


def test_the_system_resolver_answers_from_a_thread_of_its_own() -> None:
    """This machine's own name, looked up for real (hosts file, not DNS), in a daemon thread."""
    name = socket.gethostname()
    try:
        expected = {info[4][0] for info in socket.getaddrinfo(name, 80, type=socket.SOCK_STREAM)}
    except OSError:
        pytest.skip(f"this machine's name {name!r} does not resolve")
    found = asyncio.run(system_resolver(name, 80))
    assert {a.compressed for a in found} == {ipaddress.ip_address(a).compressed for a in expected}
