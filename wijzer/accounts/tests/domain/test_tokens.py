"""Token format, hashing and IP truncation (no database)."""

from __future__ import annotations

import hashlib
import secrets

import pytest

from wijzer.accounts.domain import tokens


def counting_bytes(n: int) -> bytes:
    return bytes(range(n))


def test_token_has_a_visible_prefix_and_only_its_sha256_is_kept():
    # given a deterministic random source
    new = tokens.make_token(counting_bytes)
    # then
    assert new.raw.startswith(f"wzr_{new.prefix}_")
    assert len(new.prefix) == 8
    assert new.digest == hashlib.sha256(new.raw.encode()).hexdigest()
    assert new.raw not in new.digest
    assert tokens.split_prefix(new.raw) == new.prefix
    assert tokens.matches(new.raw, new.digest) is True


@pytest.mark.parametrize(
    ("_case", "raw"),
    [
        ("empty", ""),
        ("other scheme", "ghp_abcdefgh_" + "A" * 43),
        ("short secret", "wzr_abcdefgh_short"),
        ("sql in prefix", "wzr_ab'--;xx_" + "A" * 43),
    ],
)
def test_malformed_tokens_have_no_prefix(_case, raw):
    assert tokens.split_prefix(raw) is None


def test_a_forged_token_with_a_real_prefix_does_not_match():
    real = tokens.make_token(secrets.token_bytes)
    forged = f"wzr_{real.prefix}_" + "A" * 43
    assert tokens.split_prefix(forged) == real.prefix
    assert tokens.matches(forged, real.digest) is False


@pytest.mark.parametrize(
    ("_case", "ip", "expected"),
    [
        ("ipv4 to /24", "192.0.2.77", "192.0.2.0/24"),
        ("ipv6 to /48", "2001:db8:abcd:12::1", "2001:db8:abcd::/48"),
        ("garbage", "not-an-ip", ""),
        ("empty", "", ""),
    ],
)
def test_truncate_ip(_case, ip, expected):
    assert tokens.truncate_ip(ip) == expected
