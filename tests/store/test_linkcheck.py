"""The evidence link checker, against real servers on 127.0.0.1 and nowhere else."""

from __future__ import annotations

import datetime
import json
import os
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from maturity.store.linkcheck import (
    LinkResult,
    LinkResultsError,
    LinkTarget,
    check_links,
    format_broken,
    read_results,
    write_results,
)

TIMEOUT = 0.5  # seconds; every slow path below takes far longer
DAY = datetime.date(2026, 8, 3)


# --------------------------------------------------------------------------- the local hosts


@dataclass
class Recorder:
    """What the test server saw: each request, and the most ``/busy/…`` requests at once.

    Only ``/busy/…`` requests are counted at once: a slow request of an earlier test
    may still be running (its client gave up), and must not count for a later one.
    """

    requests: list[tuple[str, str, str]] = field(default_factory=list)  # method, path, user-agent
    busy: int = 0  # live state: never reset
    most_busy: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    release: threading.Event = field(default_factory=threading.Event)

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.most_busy = 0

    def paths(self) -> Counter[tuple[str, str]]:
        with self.lock:
            return Counter((method, path) for method, path, _ in self.requests)


REDIRECTS = {
    "/moved": (301, "/moved-again"),
    "/moved-again": (302, "/ok"),
    "/moved-to-missing": (302, "/missing"),
    "/loop-a": (302, "/loop-b"),
    "/loop-b": (307, "/loop-a"),
    "/to-ftp": (302, "ftp://127.0.0.1/file"),
}


def _handler(recorder: Recorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def _answer(self, status: int, headers: dict[str, str] | None = None) -> None:
            body = b"" if self.command == "HEAD" else b"hello\n"
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", "6")
            self.end_headers()
            self.wfile.write(body)

        def _route(self) -> None:
            path = self.path.split("?", 1)[0]
            counted = path.startswith("/busy/")
            with recorder.lock:
                recorder.requests.append((self.command, path, self.headers.get("User-Agent", "")))
                if counted:
                    recorder.busy += 1
                    recorder.most_busy = max(recorder.most_busy, recorder.busy)
            try:
                if path == "/ok":
                    self._answer(200)
                elif path == "/missing":
                    self._answer(404)
                elif path == "/broken":
                    self._answer(500)
                elif path == "/no-head":
                    self._answer(405 if self.command == "HEAD" else 200)
                elif path in REDIRECTS:
                    status, location = REDIRECTS[path]
                    self._answer(status, {"Location": location})
                elif path == "/slow":  # far longer than the checker waits
                    recorder.release.wait(10)
                    self._answer(200)
                elif path == "/drip":  # a byte at a time: reading never stalls, never ends
                    for char in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"." * 100:
                        if recorder.release.wait(0.05):
                            break
                        self.wfile.write(bytes([char]))
                        self.wfile.flush()
                    self.close_connection = True
                elif path.startswith("/chain/"):  # an endless chain of new URLs
                    self._answer(302, {"Location": f"/chain/{int(path[7:]) + 1}"})
                elif path.startswith("/busy/"):  # long enough for requests to overlap
                    time.sleep(0.1)
                    self._answer(200)
                else:
                    self._answer(404)
            finally:
                if counted:
                    with recorder.lock:
                        recorder.busy -= 1

        do_GET = do_HEAD = _route

    return Handler


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up (the checker after a timeout) is expected


@dataclass
class Hosts:
    web: str  # http://127.0.0.1:PORT, the test server
    silent: str  # accepts connections and never answers
    refused: str  # nothing listens there
    recorder: Recorder


@pytest.fixture(scope="module")
def hosts() -> Iterator[Hosts]:
    recorder = Recorder()
    server = QuietServer(("127.0.0.1", 0), _handler(recorder))
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    serving.start()

    silent = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    silent.settimeout(0.1)
    held: list[socket.socket] = []
    stop = threading.Event()

    def hold() -> None:  # accept, keep the connection open, never read or write
        while not stop.is_set():
            try:
                connection, _ = silent.accept()
            except OSError:
                continue
            held.append(connection)

    holding = threading.Thread(target=hold, daemon=True)
    holding.start()

    refused = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    refused.bind(("127.0.0.1", 0))  # bound (so no one else takes the port) but not listening

    def url(sock: socket.socket) -> str:
        return f"http://127.0.0.1:{sock.getsockname()[1]}"

    try:
        yield Hosts(
            web=f"http://127.0.0.1:{server.server_address[1]}",
            silent=url(silent), refused=url(refused), recorder=recorder,
        )
    finally:
        recorder.release.set()
        stop.set()
        server.shutdown()
        server.server_close()
        holding.join(2)
        for sock in [*held, silent, refused]:
            sock.close()


@pytest.fixture
def web(hosts: Hosts) -> Hosts:
    """The hosts, with the test server's record emptied."""
    hosts.recorder.reset()
    return hosts


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
    results = check_links(targets, repo_root=tmp_path, timeout=TIMEOUT, today=DAY)
    assert [r.target.line for r in results] == [1, 2, 3]
    assert all(r.ok for r in results)
    assert web.recorder.paths() == Counter({("HEAD", "/ok"): 1})


def test_progress_counts_distinct_links(web: Hosts, tmp_path: Path) -> None:
    """``progress(done, count)`` runs once per distinct link or path, up to the count."""
    (tmp_path / "README.md").write_text("x")
    calls: list[tuple[int, int]] = []
    targets = [target(f"{web.web}/ok"), target(f"{web.web}/ok"), target("README.md")]
    check_links(targets, repo_root=tmp_path, timeout=TIMEOUT, progress=lambda d, n: calls.append((d, n)))
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
        "assessments/a/2026-01-01.yaml:7:12: http://x/\\x1b]0;pwned\\x07: bad\\x1b[2J\\u202e"
    )
    assert all(c.isprintable() for c in line)


# --------------------------------------------------------------------------- the results file


def test_results_round_trip(web: Hosts, repo: Path, tmp_path: Path) -> None:
    """What ``write_results`` writes, ``read_results`` reads back, keyed by evidence,
    each citation kept; the file is sorted and written whole."""
    links = [f"{web.web}/missing", "docs/runbook.md", f"{web.web}/ok", f"{web.web}/missing"]
    results = check_links(
        [target(e, n) for n, e in enumerate(links, 1)], repo_root=repo, timeout=TIMEOUT, today=DAY
    )
    file = tmp_path / "build" / "links.json"
    write_results(results, file)
    assert sorted(p.name for p in file.parent.iterdir()) == ["links.json"]  # no staging file left

    document = json.loads(file.read_text())
    assert list(document["links"]) == sorted(set(links))
    assert document["summary"] == {"links": 3, "broken": 1}
    assert document["checked"] == "2026-08-03"

    read = read_results(file)
    missing = read[f"{web.web}/missing"]
    assert (missing.ok, missing.why, missing.status, missing.checked) == (
        False, "404 Not Found", 404, DAY
    )
    assert [c.line for c in missing.cited] == [1, 4]
    assert missing.cited[0] == target(f"{web.web}/missing", 1)
    assert read["docs/runbook.md"].ok and read["docs/runbook.md"].final_url is None

    before = file.read_bytes()
    write_results(list(reversed(results)), file)
    assert file.read_bytes() == before  # stable order, whatever the order of the results


def test_missing_results_file_reads_as_empty(tmp_path: Path) -> None:
    """No results file yet (links never checked): nothing is marked."""
    assert read_results(tmp_path / "links.json") == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "not a link-check results file"),
        ('{"format": "maturity-link-check", "version": 99, "links": {}}', "format version 99"),
        ('{"format": "maturity-link-check", "version": 1, "links": []}', "'links' is not an object"),
        (
            '{"format": "maturity-link-check", "version": 1, "links": {"x": {"ok": "yes"}}}',
            "link 'x': 'cited' is missing",
        ),
        (
            '{"format": "maturity-link-check", "version": 1, "links": {"x": {"ok": true, "why": "",'
            ' "status": null, "final_url": null, "checked": "yesterday", "cited": []}}}',
            "'checked' is not a date",
        ),
    ],
)
def test_broken_results_file_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    """A results file that is not one raises LinkResultsError naming the file."""
    file = tmp_path / "links.json"
    file.write_text(text)
    with pytest.raises(LinkResultsError, match=message) as raised:
        read_results(file)
    assert str(file) in str(raised.value)


def test_results_file_that_is_not_a_regular_file(tmp_path: Path) -> None:
    """A folder or a FIFO in the results file's place is an error, and never blocks."""
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "fifo")
    for name in ("folder", "fifo"):
        with pytest.raises(LinkResultsError, match="not a regular file"):
            read_results(tmp_path / name)
