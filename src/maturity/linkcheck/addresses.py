"""Which addresses the link checker may contact: resolve once, check, connect to that.

Evidence comes from pull requests, so a link is attacker-chosen. Before the checker
opens any connection (the first request and every redirect alike), the host is turned
into addresses here and every address is checked; the connection then goes to the
checked address itself (``PinnedBackend``), so a second, different answer from DNS
can never be what is contacted.

Refused unless allowed (``--allow-private``, or one address named with
``--allow-address``): loopback, unspecified, link-local (the cloud metadata address
169.254.169.254), private, shared (CGNAT, 100.64.0.0/10), multicast, reserved,
documentation and benchmarking ranges, and any address that is not globally
reachable; an IPv6 address that carries an IPv4 one (IPv4-mapped ``::ffff:a.b.c.d``,
IPv4-compatible, 6to4, Teredo, NAT64) is judged by the IPv4 address it carries too.
A name resolving to several addresses is refused when any of them is refused.

A host is read the way the C library reads it, so every spelling of an address is
the address: ``127.1``, ``2130706433``, ``0x7f000001``, ``0177.0.0.1``,
``0x7f.1``, trailing dots (``127.0.0.1.``, ``localhost.``). ``localhost`` and every
``*.localhost`` name are loopback without asking DNS (RFC 6761). A host with anything
but letters, digits, ``-``, ``_`` and dots (percent-encoding, spaces) is refused as
invalid, never looked up.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import re
import socket
import threading
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import httpcore

from maturity.errors import AddressRefused

__all__ = ["AddressPolicy", "AddressRefused", "PinnedBackend", "kind_of", "literal_address",
           "parse_allowed", "resolve", "system_resolver"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[IPAddress]]]

PRIVATE = "not checked: private address"
INVALID_HOST = "not checked: invalid host name"

_SHARED = ipaddress.ip_network("100.64.0.0/10")
_DOCUMENTATION = tuple(ipaddress.ip_network(n) for n in (
    "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "3fff::/20",
))
_RESERVED = tuple(ipaddress.ip_network(n) for n in (  # whatever this Python's ipaddress thinks
    "0.0.0.0/8", "192.0.0.0/24", "240.0.0.0/4", "255.255.255.255/32", "100::/64", "2001::/23",
))
_BENCHMARKING = tuple(ipaddress.ip_network(n) for n in ("198.18.0.0/15", "2001:2::/48"))
_NAT64 = tuple(ipaddress.ip_network(n) for n in ("64:ff9b::/96", "64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?")
_NUMBER = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*")


# --------------------------------------------------------------------------- spellings


def _ipv4_number(host: str) -> int | None:
    """The address a numeric IPv4 spelling means (as ``inet_aton`` reads it), else None.

    One to four parts, each decimal, octal (leading 0) or hexadecimal (0x); the last
    part fills the bytes left. A trailing dot is allowed. ``None`` when ``host`` is not
    numeric; ``-1`` when it is numeric but no address (a part too large).
    """
    text = host[:-1] if host.endswith(".") else host
    parts = text.split(".")
    if not 1 <= len(parts) <= 4 or not all(_NUMBER.fullmatch(p) for p in parts):
        return None
    values = []
    for part in parts:
        if part[:2] in ("0x", "0X"):
            values.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part.startswith("0"):
            values.append(int(part, 8))
        else:
            values.append(int(part))
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        return -1
    number = last
    for index, value in enumerate(head):
        number |= value << (8 * (3 - index))
    return number


def literal_address(host: str) -> IPAddress | None:
    """The address ``host`` spells, in any spelling, or ``None`` when it is a name.

    Raises ``AddressRefused`` for a numeric host that is no address (``256.1.1.1``).
    """
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if ":" in bare:
        try:
            return ipaddress.IPv6Address(bare.replace("%25", "%"))
        except ValueError:
            raise AddressRefused(INVALID_HOST) from None
    number = _ipv4_number(bare)
    if number is None:
        last = bare.rstrip(".").rsplit(".", 1)[-1]
        if last.isdigit() or last[:2].lower() == "0x":  # meant as a number: never a name to look up
            raise AddressRefused(INVALID_HOST)
        return None
    if number < 0:
        raise AddressRefused(INVALID_HOST)
    return ipaddress.IPv4Address(number)


def _embedded(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, compatible, 6to4, Teredo, NAT64)."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if any(address in net for net in _NAT64) or (address in _IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def kind_of(address: IPAddress) -> str | None:
    """Why ``address`` may not be contacted ("loopback", "link-local", ...), or None."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return "scoped"
        inner = _embedded(address)
        if inner is not None and (why := kind_of(inner)) is not None:
            return f"{why}, inside {address.compressed}"
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if address in _SHARED:
        return "shared (CGNAT)"
    if any(address in net for net in _DOCUMENTATION):
        return "documentation"
    if any(address in net for net in _BENCHMARKING):
        return "benchmarking"
    if any(address in net for net in _RESERVED):
        return "reserved"
    if address.is_private:
        return "private"
    if address.is_reserved:
        return "reserved"
    if not address.is_global:
        return "not globally reachable"
    return None


# --------------------------------------------------------------------------- the policy


def _normal(address: IPAddress) -> IPAddress:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


@dataclass(frozen=True)
class AddressPolicy:
    """What may be contacted: public addresses, plus what the caller allows.

    ``allow_private``: every address (the project's own tests, an internal CI that
    checks an intranet). ``allowed``: single addresses, with a port or ``None`` for
    any port, allowed though not public.
    """

    allow_private: bool = False
    allowed: frozenset[tuple[IPAddress, int | None]] = field(default_factory=frozenset)

    def refusal(self, address: IPAddress, port: int) -> str | None:
        """Why this address and port may not be contacted, or None."""
        if self.allow_private:
            return None
        normal = _normal(address)
        if (normal, port) in self.allowed or (normal, None) in self.allowed:
            return None
        return kind_of(address)


def parse_allowed(text: str) -> tuple[IPAddress, int | None]:
    """``ADDRESS`` or ``ADDRESS:PORT`` (``[IPv6]:PORT``), as ``--allow-address`` takes it.

    Raises ``ValueError`` with a message naming what is wrong.
    """
    text = text.strip()
    port: int | None = None
    host = text
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        if rest:
            if not rest.startswith(":"):
                raise ValueError(f"{text!r}: expected [IPv6]:PORT")
            port = _port(rest[1:], text)
    elif text.count(":") == 1:
        host, _, given = text.partition(":")
        port = _port(given, text)
    try:
        return _normal(ipaddress.ip_address(host)), port
    except ValueError:
        example = "10.0.0.5, 10.0.0.5:8080 or [fd00::5]:443"
        raise ValueError(f"{text!r}: not an IP address (write {example})") from None


def _port(text: str, whole: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ValueError(f"{whole!r}: the port must be a number from 1 to 65535")
    return int(text)


async def system_resolver(host: str, port: int) -> list[IPAddress]:
    """The addresses the system's resolver gives for a name (TCP), in its order.

    The lookup runs in a daemon thread of its own, not the event loop's executor: a
    lookup that hangs past the run's time limit is abandoned, and neither the end of
    the run nor the end of the process waits for it.
    """
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[list[Any]] = loop.create_future()

    def settle(result: list[Any] | None, error: BaseException | None) -> None:
        if answer.done():
            return  # given up on (the run's time ran out)
        if error is not None:
            answer.set_exception(error)
        else:
            answer.set_result(result or [])

    def look_up() -> None:
        try:
            found: list[Any] = socket.getaddrinfo(
                host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
            )
        except Exception as error:  # handed to the waiting coroutine
            outcome: tuple[list[Any] | None, BaseException | None] = (None, error)
        else:
            outcome = (found, None)
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits any more
            loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=look_up, name=f"resolve {host}", daemon=True).start()
    infos = await answer
    addresses: list[IPAddress] = []
    for family, _, _, _, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6):
            address = ipaddress.ip_address(sockaddr[0])
            if address not in addresses:
                addresses.append(address)
    return addresses


def _is_localhost(name: str) -> bool:
    name = name.rstrip(".").lower()
    return name == "localhost" or name.endswith(".localhost")


async def resolve(host: str, port: int, policy: AddressPolicy, resolver: Resolver) -> IPAddress:
    """The one address to connect to for ``host``: every address it resolves to checked.

    Raises ``AddressRefused`` (reason as reported) when the host is no valid name or
    address, or when any of its addresses is refused; ``socket.gaierror`` when the
    name does not resolve.
    """
    literal = literal_address(host)
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    elif not _NAME.fullmatch(host.lower()):
        raise AddressRefused(INVALID_HOST)
    elif _is_localhost(host):
        addresses = [ipaddress.IPv4Address("127.0.0.1"), ipaddress.IPv6Address("::1")]
    else:
        addresses = await resolver(host, port)
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "no address")
    for address in addresses:
        why = policy.refusal(address, port)
        if why is not None:
            shown = address.compressed if literal is not None else f"{host} is {address.compressed}"
            raise AddressRefused(f"{PRIVATE} ({shown}: {why})")
    if any(isinstance(a, ipaddress.IPv4Address) for a in addresses):  # IPv4 first, as most clients
        return next(a for a in addresses if isinstance(a, ipaddress.IPv4Address))
    return addresses[0]


# --------------------------------------------------------------------------- the pinned connection


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, but every TCP connection goes to an address that
    ``resolve`` checked a moment before, for this very connection.

    The name stays the request's (the ``Host`` header and TLS server name come from the
    URL, not from here); only the address connected to is chosen here. ``connected``
    counts the connections opened, by address (for the report and the tests).
    """

    def __init__(self, policy: AddressPolicy, resolver: Resolver | None = None) -> None:
        self.policy = policy
        self.resolver = resolver or system_resolver
        self.inner = httpcore.AnyIOBackend()
        self.connected: list[tuple[str, int]] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        address = await resolve(host, port, self.policy, self.resolver)
        self.connected.append((address.compressed, port))
        return await self.inner.connect_tcp(
            address.compressed, port, timeout=timeout, local_address=local_address,
            socket_options=socket_options,
        )

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise AddressRefused("not checked: a local socket")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)
