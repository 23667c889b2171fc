"""The address policy: every spelling of a forbidden address is that address, and refused.

Property tests (hypothesis) write addresses of every forbidden range in every spelling
the C library accepts; ``resolve`` must refuse them all without asking DNS, and must
give back public addresses, whatever their spelling, as themselves. The pinned backend
is tried against real listeners on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket

import httpcore
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity.linkcheck.addresses import (
    PRIVATE,
    AddressPolicy,
    AddressRefused,
    IPAddress,
    PinnedBackend,
    kind_of,
    literal_address,
    parse_allowed,
    resolve,
)

from .servers import Listener

FORBIDDEN_V4 = [
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
    "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
]
FORBIDDEN_V6 = ["::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8", "2001:db8::/32"]
PUBLIC = AddressPolicy()


async def no_dns(host: str, port: int) -> list[IPAddress]:
    raise AssertionError(f"DNS was asked for {host!r}: a literal address must never be looked up")


def refused(host: str, port: int = 80, policy: AddressPolicy = PUBLIC) -> str:
    with pytest.raises(AddressRefused) as raised:
        asyncio.run(resolve(host, port, policy, no_dns))
    return raised.value.why


# --------------------------------------------------------------------------- named spellings


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("localhost", "loopback"), ("LOCALHOST", "loopback"), ("localhost.", "loopback"),
        ("api.localhost", "loopback"), ("127.0.0.1", "loopback"), ("127.1", "loopback"),
        ("127.0.1", "loopback"), ("2130706433", "loopback"), ("0x7f000001", "loopback"),
        ("0X7F000001", "loopback"), ("0177.0.0.1", "loopback"), ("0x7f.1", "loopback"),
        ("017700000001", "loopback"), ("127.0.0.1.", "loopback"), ("::1", "loopback"),
        ("[::1]", "loopback"), ("::ffff:127.0.0.1", "loopback, inside ::ffff:7f00:1"),
        ("::ffff:7f00:1", "loopback, inside ::ffff:7f00:1"), ("0.0.0.0", "unspecified"),
        ("0", "unspecified"), ("::", "unspecified"), ("[::]", "unspecified"),
        ("169.254.169.254", "link-local"), ("0xa9fea9fe", "link-local"), ("fe80::1", "link-local"),
        ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("192.168.1.1", "private"),
        ("fd00::1", "private"), ("100.64.0.1", "shared (CGNAT)"), ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"), ("ff02::1", "multicast"), ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"), ("192.0.0.8", "reserved"), ("0.1.2.3", "reserved"),
        ("192.0.2.10", "documentation"),
        ("198.51.100.7", "documentation"), ("203.0.113.9", "documentation"),
        ("2001:db8::1", "documentation"), ("198.18.0.1", "benchmarking"),
        ("64:ff9b::7f00:1", "loopback, inside 64:ff9b::7f00:1"),
        ("2002:7f00:1::", "loopback, inside 2002:7f00:1::"),
        ("::127.0.0.1", "loopback, inside ::7f00:1"),
    ],
)
def test_every_spelling_of_a_forbidden_address_is_refused(host: str, kind: str) -> None:
    why = refused(host)
    assert why.startswith(f"{PRIVATE} (")
    assert why.endswith(f": {kind})")


@pytest.mark.parametrize("host", ["256.0.0.1", "1.2.3.4.5", "08.1.1.1", "0x1g", "4294967296", "%6c%6fcalhost",
                                  "local host", "127.0.0.1%09", "[::1", "::g"])
def test_a_host_that_is_no_name_and_no_address_is_never_looked_up(host: str) -> None:
    assert refused(host) == "not checked: invalid host name"


@pytest.mark.parametrize("host", ["93.184.216.34", "1.1.1.1", "8.8.8.8", "2606:4700:4700::1111",
                                  "0x5db8d822"])
def test_public_addresses_are_allowed(host: str) -> None:
    address = asyncio.run(resolve(host, 443, PUBLIC, no_dns))
    assert kind_of(address) is None


def test_a_name_is_refused_when_any_of_its_addresses_is() -> None:
    """A name answering a public and a private address is refused: the client could pick either."""

    async def mixed(host: str, port: int) -> list[IPAddress]:
        return [ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("10.1.2.3")]

    with pytest.raises(AddressRefused, match=r"evil\.example is 10\.1\.2\.3: private"):
        asyncio.run(resolve("evil.example", 80, PUBLIC, mixed))


def test_a_public_name_gives_its_ipv4_address_first() -> None:
    async def both(host: str, port: int) -> list[IPAddress]:
        return [ipaddress.ip_address("2606:4700::1"), ipaddress.ip_address("93.184.216.34")]

    assert asyncio.run(resolve("example.org", 80, PUBLIC, both)) == ipaddress.ip_address("93.184.216.34")


def test_a_name_that_resolves_to_nothing_is_not_found() -> None:
    async def nothing(host: str, port: int) -> list[IPAddress]:
        return []

    with pytest.raises(socket.gaierror):
        asyncio.run(resolve("nowhere.example", 80, PUBLIC, nothing))


def test_allow_private_and_single_addresses() -> None:
    assert asyncio.run(resolve("127.1", 80, AddressPolicy(allow_private=True), no_dns)) == \
        ipaddress.ip_address("127.0.0.1")
    one = AddressPolicy(allowed=frozenset({parse_allowed("10.0.0.5:8080")}))
    assert asyncio.run(resolve("10.0.0.5", 8080, one, no_dns)) == ipaddress.ip_address("10.0.0.5")
    mapped = ipaddress.ip_address("::ffff:10.0.0.5")
    assert asyncio.run(resolve("::ffff:10.0.0.5", 8080, one, no_dns)) == mapped
    assert "private" in refused("10.0.0.5", 8081, one)  # another port
    assert "private" in refused("10.0.0.6", 8080, one)  # another address
    any_port = AddressPolicy(allowed=frozenset({parse_allowed("[fd00::5]")}))
    assert asyncio.run(resolve("fd00::5", 1, any_port, no_dns)) == ipaddress.ip_address("fd00::5")


@pytest.mark.parametrize(("text", "message"), [
    ("wiki", "not an IP address"), ("10.0.0.5:0", "port must be"), ("10.0.0.5:99999", "port must be"),
    ("[fd00::5]x", "expected [IPv6]:PORT"), ("10.0.0.5:http", "port must be"),
])
def test_allowed_addresses_are_checked(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_allowed(text)


# --------------------------------------------------------------------------- properties

def _network_address(networks: list[str]) -> st.SearchStrategy[IPAddress]:
    def pick(net: str) -> st.SearchStrategy[IPAddress]:
        network = ipaddress.ip_network(net)
        return st.integers(0, network.num_addresses - 1).map(lambda n: network[n])

    return st.sampled_from(networks).flatmap(pick)


def _part(value: int, style: str) -> str:
    if style == "hex":
        return hex(value)
    if style == "HEX":
        return f"0X{value:X}"
    if style == "octal":
        return "0" + format(value, "o")
    return str(value)


@st.composite
def ipv4_spelling(draw: st.DrawFn, address: ipaddress.IPv4Address) -> str:
    """``address`` as inet_aton reads it: 1 to 4 parts, each decimal, octal or hex, maybe a dot after."""
    number = int(address)
    count = draw(st.integers(1, 4))
    octets = list(address.packed)
    head = octets[: count - 1]
    last = number & ((1 << (8 * (5 - count))) - 1) if count > 1 else number
    styles = st.sampled_from(["dec", "hex", "HEX", "octal"])
    parts = [_part(v, draw(styles)) for v in head] + [_part(last, draw(styles))]
    return ".".join(parts) + draw(st.sampled_from(["", "."]))


@st.composite
def forbidden_spelling(draw: st.DrawFn) -> tuple[str, IPAddress]:
    address = draw(_network_address(FORBIDDEN_V4))
    assert isinstance(address, ipaddress.IPv4Address)
    form = draw(st.sampled_from(["v4", "mapped", "mapped-hex", "bracketed"]))
    if form == "v4":
        return draw(ipv4_spelling(address)), address
    if form == "mapped":
        return f"::ffff:{address}", address
    if form == "mapped-hex":
        return ipaddress.IPv6Address(f"::ffff:{address}").exploded, address
    return f"[::ffff:{address}]", address


@settings(max_examples=400, deadline=None)
@given(forbidden_spelling())
def test_property_no_spelling_of_a_forbidden_ipv4_address_gets_through(case: tuple[str, IPAddress]) -> None:
    spelling, address = case
    literal = literal_address(spelling)
    assert literal is not None
    assert literal == address or getattr(literal, "ipv4_mapped", None) == address
    assert refused(spelling).startswith(PRIVATE)


@settings(max_examples=200, deadline=None)
@given(_network_address(FORBIDDEN_V6), st.booleans())
def test_property_forbidden_ipv6_addresses_are_refused(address: IPAddress, bracketed: bool) -> None:
    spelling = f"[{address.compressed}]" if bracketed else address.exploded
    assert refused(spelling).startswith(PRIVATE)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address).filter(lambda a: kind_of(a) is None), st.data())
def test_property_public_ipv4_addresses_read_as_themselves(
    address: ipaddress.IPv4Address, data: st.DataObject
) -> None:
    spelling = data.draw(ipv4_spelling(address))
    assert asyncio.run(resolve(spelling, 80, PUBLIC, no_dns)) == address


# --------------------------------------------------------------------------- the pinned connection


async def _connect(backend: PinnedBackend, host: str, port: int) -> None:
    stream = await backend.connect_tcp(host, port, timeout=2)
    await stream.aclose()


def test_the_backend_connects_only_to_the_checked_address(listener: Listener) -> None:
    """An allowed address is connected to; a refused one never is, in any spelling."""
    allowed = AddressPolicy(allowed=frozenset({parse_allowed(f"127.0.0.1:{listener.port}")}))
    asyncio.run(_connect(PinnedBackend(allowed), "127.0.0.1", listener.port))
    assert listener.connections == 1

    backend = PinnedBackend(PUBLIC)
    for host in ("127.0.0.1", "localhost", "2130706433", "127.1", "::ffff:127.0.0.1", "0.0.0.0", "::1"):
        with pytest.raises(AddressRefused):
            asyncio.run(_connect(backend, host, listener.port))
    assert backend.connected == []
    assert listener.connections == 1


def test_the_name_resolves_once_and_the_answer_is_what_is_connected_to(listener: Listener) -> None:
    """A resolver that answers differently the second time (DNS rebinding) cannot win:
    the address checked is the address connected to, one resolution per connection."""
    asked: list[str] = []

    async def rebinding(host: str, port: int) -> list[IPAddress]:
        asked.append(host)
        return [ipaddress.ip_address("127.0.0.1" if len(asked) == 1 else "10.9.9.9")]

    allowed = AddressPolicy(allowed=frozenset({parse_allowed(f"127.0.0.1:{listener.port}")}))
    backend = PinnedBackend(allowed, rebinding)
    asyncio.run(_connect(backend, "rebind.example", listener.port))
    assert asked == ["rebind.example"]
    assert backend.connected == [("127.0.0.1", listener.port)]
    with pytest.raises(AddressRefused, match=r"rebind\.example is 10\.9\.9\.9: private"):
        asyncio.run(_connect(backend, "rebind.example", listener.port))
    assert listener.connections == 1


def test_no_local_socket() -> None:
    with pytest.raises(AddressRefused):
        asyncio.run(PinnedBackend(PUBLIC).connect_unix_socket("/var/run/docker.sock"))
    assert issubclass(PinnedBackend, httpcore.AsyncNetworkBackend)
