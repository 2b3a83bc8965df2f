"""The client's address and network, and fixed time windows for abuse limits (W5.1 §6). Pure: no Django.

`X-Forwarded-For` is believed only when the direct peer is a trusted proxy; then the right-most address that is
not itself a trusted proxy is the client (every proxy appends the peer it saw, so anything further left was
written by the client and can be forged). Limits count per network: an IPv4 /24 or an IPv6 /48, the same
prefix the audit log keeps (`tokens.truncate_ip`).
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TypeAlias

Network: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network
Address: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address

IPV4_PREFIX = 24
IPV6_PREFIX = 48


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """Trusted proxies as networks ("10.0.0.5", "10.0.0.0/24", "2001:db8::/32"); ValueError names a bad one."""
    networks: list[Network] = []
    for value in values:
        text = value.strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError as error:
            raise ValueError(
                f"{text!r} is geen IP-adres of netwerk (CIDR), bijvoorbeeld 10.0.0.5 of 10.0.0.0/24"
            ) from error
    return tuple(networks)


def parse_address(text: str) -> Address | None:
    """An address as proxies write it: bare, `1.2.3.4:port`, or `[v6]` / `[v6]:port`; None for anything else."""
    candidate = text.strip().strip('"')
    if candidate.startswith("["):
        candidate = candidate[1:].split("]", 1)[0]
    elif candidate.count(":") == 1:  # IPv4 with a port; a bare IPv6 address has at least two colons
        candidate = candidate.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, proxies: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in proxies)


def resolve_client_address(remote_addr: str, forwarded_for: str, proxies: tuple[Network, ...]) -> str:
    """The client's address: REMOTE_ADDR, unless that is a trusted proxy; then the right-most address in
    X-Forwarded-For that is not a trusted proxy. Returns "" when REMOTE_ADDR is no address at all."""
    peer = parse_address(remote_addr)
    if peer is None:
        return ""
    if not proxies or not _trusted(peer, proxies) or not forwarded_for.strip():
        return str(peer)
    client = peer
    for entry in reversed(forwarded_for.split(",")):
        hop = parse_address(entry)
        if hop is None:
            break  # a trusted proxy would not write this: stop at the last address we can vouch for
        client = hop
        if not _trusted(hop, proxies):
            break
    return str(client)


def network_of(ip: str) -> Network | None:
    """The /24 (IPv4) or /48 (IPv6) around an address, or None for no address."""
    address = parse_address(ip)
    if address is None:
        return None
    prefix = IPV4_PREFIX if address.version == 4 else IPV6_PREFIX
    return ipaddress.ip_network(f"{address}/{prefix}", strict=False)


def network_address(ip: str) -> str | None:
    """The first address of the client's network ("203.0.113.0"): what limits are counted by."""
    network = network_of(ip)
    return str(network.network_address) if network is not None else None


def window_index(moment: datetime, seconds: int) -> int:
    """The number of the fixed window of `seconds` (counted from the Unix epoch) that `moment` falls in."""
    return math.floor(moment.timestamp()) // seconds


def window_label(index: int, seconds: int) -> str:
    """An ISO 8601 interval in UTC, e.g. "2026-12-03T09:15:00Z/2026-12-03T09:16:00Z"."""
    start = datetime.fromtimestamp(index * seconds, tz=UTC)
    end = datetime.fromtimestamp((index + 1) * seconds, tz=UTC)
    return f"{start:%Y-%m-%dT%H:%M:%SZ}/{end:%Y-%m-%dT%H:%M:%SZ}"


def wait_seconds(until: float, now: float) -> int:
    """Whole seconds still to wait (rounded up), 0 once `until` has passed."""
    return max(0, math.ceil(until - now))


def dutch_seconds(seconds: int) -> str:
    return "1 seconde" if seconds == 1 else f"{seconds} seconden"


def dutch_minutes(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return "1 minuut" if minutes == 1 else f"{minutes} minuten"
