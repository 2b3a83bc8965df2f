"""The client address behind trusted proxies, networks and time windows (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wijzer.accounts.domain import network

PROXIES = network.parse_networks(["10.0.0.0/8", "2001:db8:ffff::1"])


@pytest.mark.parametrize(
    ("_case", "remote", "forwarded", "expected"),
    [
        ("no proxy: the peer is the client", "203.0.113.9", "", "203.0.113.9"),
        ("spoofed header from an untrusted peer is ignored", "203.0.113.9", "10.1.1.1, 198.51.100.1", "203.0.113.9"),
        ("one trusted proxy", "10.0.0.5", "198.51.100.7", "198.51.100.7"),
        ("client-written left part is skipped", "10.0.0.5", "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        ("two trusted proxies", "10.0.0.5", "6.6.6.6, 198.51.100.7, 10.0.0.7", "198.51.100.7"),
        ("all hops trusted: the left-most", "10.0.0.5", "10.0.0.8, 10.0.0.7", "10.0.0.8"),
        ("garbage stops the walk at the last trusted hop", "10.0.0.5", "198.51.100.7, junk, 10.0.0.7", "10.0.0.7"),
        ("trusted proxy without header", "10.0.0.5", "", "10.0.0.5"),
        ("port and brackets", "10.0.0.5", "[2001:db8:1::5]:443, 198.51.100.7:5123", "198.51.100.7"),
        ("IPv6 proxy", "2001:db8:ffff::1", "2001:db8:1::5", "2001:db8:1::5"),
        ("IPv4-mapped IPv6 peer", "::ffff:10.0.0.5", "198.51.100.7", "198.51.100.7"),
        ("no peer address", "", "198.51.100.7", ""),
    ],
)
def test_resolve_client_address(_case, remote, forwarded, expected):
    assert network.resolve_client_address(remote, forwarded, PROXIES) == expected


def test_without_trusted_proxies_the_header_is_never_read():
    assert network.resolve_client_address("10.0.0.5", "198.51.100.7", ()) == "10.0.0.5"


def test_a_malformed_proxy_setting_names_the_bad_value():
    with pytest.raises(ValueError, match=r"'10\.0\.0\.300' is geen IP-adres"):
        network.parse_networks(["10.0.0.1", "10.0.0.300"])


@pytest.mark.parametrize(
    ("ip", "expected"),
    [
        ("203.0.113.77", "203.0.113.0"),
        ("2001:db8:1:2::5", "2001:db8:1::"),
        ("[2001:db8:1:2::5]:80", "2001:db8:1::"),
        ("geen-adres", None),
    ],
)
def test_network_address_is_the_start_of_the_24_or_48(ip, expected):
    assert network.network_address(ip) == expected


def test_minute_windows_and_their_label():
    moment = datetime(2026, 12, 3, 9, 15, 59, tzinfo=UTC)
    index = network.window_index(moment, 60)
    assert network.window_index(datetime(2026, 12, 3, 9, 15, 0, tzinfo=UTC), 60) == index
    assert network.window_index(datetime(2026, 12, 3, 9, 16, 0, tzinfo=UTC), 60) == index + 1
    assert network.window_label(index, 60) == "2026-12-03T09:15:00Z/2026-12-03T09:16:00Z"


@pytest.mark.parametrize(
    ("until", "now", "seconds", "minutes"),
    [
        (100.0, 40.2, 60, "1 minuut"),
        (1000.0, 99.0, 901, "16 minuten"),
        (50.0, 49.5, 1, "1 minuut"),
        (5.0, 9.0, 0, "1 minuut"),
    ],
)
def test_waiting_time_is_rounded_up(until, now, seconds, minutes):
    assert network.wait_seconds(until, now) == seconds
    assert network.dutch_minutes(seconds) == minutes


def test_dutch_seconds():
    assert (network.dutch_seconds(1), network.dutch_seconds(60)) == ("1 seconde", "60 seconden")
