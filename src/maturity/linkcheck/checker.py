"""Check evidence: every http(s) link answers, every repository path exists.

The caller (the CLI) collects the targets from the snapshots and this module only
checks them; what counts as a link and what as a repository path is the one link
policy's (``maturity.core.links``).

A link is checked with ``HEAD``; where the server refuses ``HEAD`` (any error
status but 429 and 503) it is asked again with a ``GET`` whose body is never read.
Redirects are followed by hand, hop by hop, so a redirect loop is named as such
and every hop waits for its own host's turn. Each distinct URL (its fragment
dropped) is fetched once however often it is cited. Each request has its own time
limit, applied to the whole request as well as to connecting and reading, so a host
that accepts the connection and never answers ends as "timed out", never hangs.
Proxy variables from the environment are ignored: the checker talks to the hosts
the evidence names and to nothing else.

A repository path must resolve, symlinks followed, to a file or folder inside the
repository. Anything else (another scheme, an absolute path, a UNC or
protocol-relative path, control characters) is broken: it is not evidence the site
can link to.

The results file is ``maturity.store.linkresults``'s.
"""

from __future__ import annotations

import asyncio
import datetime
import http
import math
import socket
import ssl
import threading
from collections.abc import Callable, Coroutine, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpcore
import httpx

from maturity.core import inert
from maturity.core.links import evidence_kind, has_credentials, without_credentials
from maturity.linkcheck.addresses import (
    PRIVATE,
    AddressPolicy,
    AddressRefused,
    PinnedBackend,
    Resolver,
    kind_of,
    literal_address,
)
from maturity.store.inside import repository_path
from maturity.store.linkresults import LinkResult, LinkTarget, default_user_agent
from maturity.views.terminal import inert_line

__all__ = ["check_links", "format_broken"]

_T = TypeVar("_T")

MAX_REDIRECTS = 10

NOT_A_LINK = "not an http(s) link or a repository path"
NO_SUCH_FILE = "no such file in the repository"
LEAVES = "leaves the repository"
EXISTS = "exists"
CREDENTIALS = "not checked: the link carries a user name or password (never sent)"

# After a HEAD answered with one of these, a GET is not tried: the server asked for
# less traffic (429) or is overloaded (503); asking again at once would not help.
_NO_GET_RETRY = frozenset({429, 503})


# --------------------------------------------------------------------------- classifying


@dataclass(frozen=True)
class _Outcome:
    ok: bool
    why: str
    status: int | None = None
    final_url: str | None = None


def _has_control(text: str) -> bool:
    return inert.has_control(text, one_line=True)


def _url_key(text: str) -> str | None:
    """The URL to fetch (no fragment) when ``text`` is an http(s) link, else None.

    What is a link and what a path is the one link policy's (``core.links``); a
    backslash anywhere is refused here too, since a server might read it as ``/``.
    """
    if evidence_kind(text) != "url" or "\\" in text:
        return None
    return urlsplit(text)._replace(fragment="").geturl()


def _is_repository_path(text: str) -> bool:
    """A path (the link policy's ``path``: no scheme, no ``//`` host), with no backslash;
    an absolute one or one leaving the tree is checked, and reported, by ``_check_path``."""
    return evidence_kind(text) == "path" and "\\" not in text


def _check_path(text: str, root: Path) -> _Outcome:
    """Is ``text`` (a path relative to the repository's top) a file or folder in it?
    The store's one rule for "inside the repository" (``store.inside``) says."""
    status = repository_path(root, text)
    if status == "leaves":
        return _Outcome(False, LEAVES)
    return _Outcome(True, EXISTS) if status == "exists" else _Outcome(False, NO_SUCH_FILE)


# --------------------------------------------------------------------------- HTTP


def _status_text(status: int) -> str:
    try:
        return f"{status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The error, its causes and contexts, and the members of exception groups."""
    seen: set[int] = set()
    stack = [error]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend(e for e in (current.__cause__, current.__context__) if e is not None)
        if isinstance(current, BaseExceptionGroup):
            stack.extend(current.exceptions)


def _why_failed(error: BaseException, timeout: float) -> str:
    """A short reason for a request that got no answer."""
    for cause in _causes(error):
        if isinstance(cause, AddressRefused):
            return cause.why
    if isinstance(error, httpx.TimeoutException | TimeoutError):
        return f"timed out after {timeout:g} s"
    for cause in _causes(error):
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, socket.gaierror):
            return "host not found"
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"TLS certificate not accepted: {cause.verify_message}"
        if isinstance(cause, ssl.SSLError):
            return "TLS handshake failed"
        if isinstance(cause, ConnectionResetError):
            return "connection reset by the server"
    if isinstance(error, httpx.RemoteProtocolError):
        return "the server closed the connection without a valid answer"
    if isinstance(error, httpx.InvalidURL):
        return "invalid URL"
    if isinstance(error, httpx.ConnectError):
        return "could not connect"
    message = str(error).strip()
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


@dataclass(frozen=True)
class _Answer:
    status: int
    location: str | None


class _PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport, its connection pool opening every connection through
    ``PinnedBackend``: to an address checked for that connection, never another."""

    def __init__(self, backend: PinnedBackend, total: int) -> None:
        super().__init__(trust_env=False, retries=0)
        context = httpx.create_ssl_context(trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=context, max_connections=total, max_keepalive_connections=total,
            keepalive_expiry=5.0, http1=True, http2=False, retries=0, network_backend=backend,
        )


def _invalid(link: str) -> str:
    """Why a link httpx cannot read is not checked: a private address still says so
    (``http://0177.0.0.1/``, an octal spelling httpx refuses, is loopback all the same)."""
    try:
        host = urlsplit(link).hostname or ""
        address = literal_address(host)
    except (ValueError, AddressRefused):
        return "invalid URL"
    why = kind_of(address) if address is not None else None
    return f"{PRIVATE} ({address.compressed}: {why})" if address is not None and why else "invalid URL"


def _shown_url(url: httpx.URL) -> str:
    """A URL as it may be written or printed: never with a user name or password."""
    return without_credentials(str(url))


class _Checker:
    """One run: a shared client, a global limit and one limit per host."""

    def __init__(
        self, client: httpx.AsyncClient, transport: httpx.AsyncBaseTransport, timeout: float, per_host: int,
        total: int,
    ) -> None:
        self.client = client  # builds the requests (headers, time limits)
        self.transport = transport  # sends them: no redirect handling, no cookies, no auth
        self.timeout = timeout
        self.per_host = per_host
        self.everyone = asyncio.Semaphore(total)
        self.hosts: dict[tuple[str, int | None], asyncio.Semaphore] = {}

    def _host(self, url: httpx.URL) -> asyncio.Semaphore:
        key = (url.host.lower(), url.port)
        if key not in self.hosts:
            self.hosts[key] = asyncio.Semaphore(self.per_host)
        return self.hosts[key]

    async def _ask(self, method: str, url: httpx.URL) -> _Answer:
        request = self.client.build_request(method, url)
        async with asyncio.timeout(self.timeout):
            response = await self.transport.handle_async_request(request)
            await response.aclose()  # headers are enough: the body is never read
        return _Answer(response.status_code, response.headers.get("location"))

    async def _request(self, url: httpx.URL) -> _Answer:
        """HEAD, then GET where HEAD is refused, holding this host's turn and a global one."""
        async with self._host(url), self.everyone:
            try:
                answer = await self._ask("HEAD", url)
            except httpx.RemoteProtocolError:  # some servers hang up on HEAD
                return await self._ask("GET", url)
            if answer.status >= 400 and answer.status not in _NO_GET_RETRY:
                return await self._ask("GET", url)
            return answer

    async def check(self, link: str) -> _Outcome:
        if has_credentials(link):  # never sent: refused before anything is asked
            return _Outcome(False, CREDENTIALS)
        try:
            url = httpx.URL(link)
        except httpx.InvalidURL:
            return _Outcome(False, _invalid(link))
        if url.userinfo:
            return _Outcome(False, CREDENTIALS)
        seen = {str(url)}
        for _ in range(MAX_REDIRECTS + 1):
            try:
                answer = await self._request(url)
            except Exception as error:  # whatever went wrong, it is this link's result, not the run's
                return _Outcome(False, _why_failed(error, self.timeout), None, _shown_url(url))
            if answer.status in (301, 302, 303, 307, 308):
                if not answer.location:
                    why = f"{_status_text(answer.status)} without a Location header"
                    return _Outcome(False, why, answer.status, _shown_url(url))
                try:
                    following = url.join(answer.location).copy_with(fragment=None)
                except httpx.InvalidURL:
                    why = _invalid(answer.location)
                    why = why if why.startswith(PRIVATE) else "redirected to an invalid URL"
                    return _Outcome(False, why, answer.status, _shown_url(url))
                if following.scheme not in ("http", "https"):
                    return _Outcome(False, "redirected to a non-http(s) link", answer.status, _shown_url(url))
                if following.userinfo:
                    why = "redirected to a link with a user name or password (not followed)"
                    return _Outcome(False, why, answer.status, _shown_url(url))
                if str(following) in seen:
                    return _Outcome(False, "redirect loop", answer.status, _shown_url(following))
                seen.add(str(following))
                url = following
                continue
            ok = 200 <= answer.status < 300
            why = _status_text(answer.status)
            if not ok and len(seen) > 1:
                why += f" after {len(seen) - 1} redirect{'s' if len(seen) > 2 else ''}"
            return _Outcome(ok, why, answer.status, _shown_url(url))
        return _Outcome(False, f"more than {MAX_REDIRECTS} redirects", None, _shown_url(url))


async def _check_urls(
    urls: Sequence[str],
    *,
    timeout: float,
    max_time: float | None,
    per_host: int,
    total: int,
    user_agent: str,
    policy: AddressPolicy,
    resolver: Resolver | None,
    tick: Callable[[], None],
) -> dict[str, _Outcome]:
    if not urls:
        return {}
    backend = PinnedBackend(policy, resolver)
    transport = _PinnedTransport(backend, total)
    client = httpx.AsyncClient(
        headers={"User-Agent": user_agent, "Accept": "*/*"},
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,  # followed by hand: every hop is checked before it is asked
        trust_env=False,  # no proxy from the environment: only the hosts the evidence names
        transport=transport,
    )
    async with client:
        checker = _Checker(client, transport, timeout, per_host, total)

        async def one(link: str) -> _Outcome:
            outcome = await checker.check(link)
            tick()
            return outcome

        tasks = {link: asyncio.create_task(one(link)) for link in urls}
        await asyncio.wait(tasks.values(), timeout=max_time)
        late = [task for task in tasks.values() if not task.done()]
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
        out_of_time = _Outcome(False, f"not checked: the run's time limit ({max_time or 0:g} s) ran out")
        return {
            link: task.result() if task.done() and not task.cancelled() else out_of_time
            for link, task in tasks.items()
        }


def _run(coroutine_factory: Callable[[], Coroutine[Any, Any, _T]]) -> _T:
    """``asyncio.run``, also from code that already runs an event loop (a notebook)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine_factory())
    values: list[_T] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            values.append(asyncio.run(coroutine_factory()))
        except BaseException as error:  # handed back to the caller's thread
            errors.append(error)

    thread = threading.Thread(target=work, name="maturity-link-check")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return values[0]


def _seconds(value: float, name: str) -> None:
    if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive, finite number of seconds, not {value!r}")


def check_links(
    targets: Iterable[LinkTarget],
    *,
    repo_root: Path,
    timeout: float = 10.0,
    max_time: float | None = None,
    per_host: int = 2,
    total: int = 16,
    user_agent: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    today: datetime.date | None = None,
    policy: AddressPolicy | None = None,
    resolver: Resolver | None = None,
) -> list[LinkResult]:
    """Check every target; one result per target, in the targets' order.

    ``timeout`` (seconds) bounds each request and ``max_time`` the whole run (links
    not done by then are "not checked"); at most ``per_host`` requests go to one host
    (host and port) at a time and ``total`` at all. ``policy`` says which addresses may
    be contacted (default: public ones only; ``maturity.linkcheck.addresses``);
    ``resolver`` turns a name into addresses (default: the system's). ``progress`` is
    called as ``progress(done, count)`` after each distinct link or path is checked.
    """
    _seconds(timeout, "timeout")
    if max_time is not None:
        _seconds(max_time, "max_time")
    if per_host < 1 or total < 1:
        raise ValueError("per_host and total must be at least 1")
    targets = list(targets)
    checked = today or datetime.date.today()
    root = repo_root.resolve()

    urls: dict[str, None] = {}  # insertion-ordered set
    paths: dict[str, None] = {}
    for target in targets:
        text = target.evidence.strip()
        if _has_control(text):
            continue
        key = _url_key(text)
        if key is not None:
            urls[key] = None
        elif _is_repository_path(text):
            paths[text] = None

    count = len(urls) + len(paths)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, count)

    path_outcomes: dict[str, _Outcome] = {}
    for text in paths:
        path_outcomes[text] = _check_path(text, root)
        tick()
    url_outcomes: dict[str, _Outcome] = _run(
        lambda: _check_urls(
            list(urls), timeout=timeout, max_time=max_time, per_host=per_host, total=total,
            user_agent=user_agent or default_user_agent(), policy=policy or AddressPolicy(),
            resolver=resolver, tick=tick,
        )
    )

    results = []
    for target in targets:
        text = target.evidence.strip()
        key = None if _has_control(text) else _url_key(text)
        if key is not None:
            outcome = url_outcomes[key]
        elif not _has_control(text) and _is_repository_path(text):
            outcome = path_outcomes[text]
        else:
            outcome = _Outcome(False, NOT_A_LINK)
        shown = replace(target, evidence=without_credentials(target.evidence))
        results.append(
            LinkResult(shown, outcome.ok, outcome.why, outcome.status, outcome.final_url, checked)
        )
    return results


# --------------------------------------------------------------------------- showing


def format_broken(result: LinkResult) -> str:
    """``path:line:col: <evidence>: <why>``, every control character escaped."""
    target = result.target
    return (
        f"{inert_line(target.path)}:{target.line}:{target.column}: "
        f"{inert_line(target.evidence)}: {inert_line(result.why)}"
    )


