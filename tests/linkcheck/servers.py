"""Real HTTP servers on 127.0.0.1 for the link checker's tests (and the CLI's).

``hosts`` (a module-scoped fixture): a test server that answers by path (statuses,
redirects, slow and dribbling answers), a socket that accepts and never answers,
and a bound port where nothing listens.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

import pytest


@dataclass
class Recorder:
    """What the test server saw: each request, and the most ``/busy/…`` requests at once.

    Only ``/busy/…`` requests are counted at once: a slow request of an earlier test
    may still be running (its client gave up), and must not count for a later one.
    """

    requests: list[tuple[str, str, str]] = field(default_factory=list)  # method, path, user-agent
    hosts: list[str] = field(default_factory=list)  # the Host header of each request
    busy: int = 0  # live state: never reset
    most_busy: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    release: threading.Event = field(default_factory=threading.Event)

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.hosts.clear()
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
            path, _, query = self.path.partition("?")
            counted = path.startswith("/busy/")
            with recorder.lock:
                recorder.requests.append((self.command, path, self.headers.get("User-Agent", "")))
                recorder.hosts.append(self.headers.get("Host", ""))
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
                elif path == "/redirect":  # to wherever ?to= says (percent-encoded)
                    self._answer(302, {"Location": unquote(query.removeprefix("to="))})
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


@dataclass
class Listener:
    """A second server on 127.0.0.1 (and ::1, same port, where the machine has IPv6)
    that only counts the connections it is offered.

    It accepts each one (so no connection attempt goes unseen), counts it and closes
    it. A test points links at it and asserts ``connections == 0``.
    """

    url: str
    port: int
    accepted: list[object] = field(default_factory=list)

    @property
    def connections(self) -> int:
        time.sleep(0.2)  # a connection the kernel took is accepted and counted by now
        return len(self.accepted)


@pytest.fixture
def listener() -> Iterator[Listener]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sockets = [sock]
    try:
        six = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        six.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        six.bind(("::1", port))
        sockets.append(six)
    except OSError:
        pass  # no IPv6 loopback here: IPv6 links cannot connect anywhere anyway
    counted = Listener(f"http://127.0.0.1:{port}", port)
    stop = threading.Event()

    def count(server: socket.socket) -> None:
        server.listen(64)
        server.settimeout(0.05)
        while not stop.is_set():
            try:
                connection, peer = server.accept()
            except OSError:
                continue
            counted.accepted.append(peer)
            connection.close()

    threads = [threading.Thread(target=count, args=(s,), daemon=True) for s in sockets]
    for thread in threads:
        thread.start()
    try:
        yield counted
    finally:
        stop.set()
        for thread in threads:
            thread.join(2)
        for server in sockets:
            server.close()
