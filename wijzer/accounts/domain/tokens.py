"""API token format and hashing (W2 §4). Pure: the random source is passed in.

A token reads `wzr_<prefix>_<secret>`: the 8-character prefix is stored in clear for lookup and display, the
whole token only as a SHA-256 hash. The secret carries 32 random bytes, so a fast hash is enough: there is
nothing to brute-force that a slow password hash would protect.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass

TOKEN_PREFIX = "wzr"  # noqa: S105  # the public marker of Wijzer tokens, not a secret
_SHAPE = re.compile(r"^wzr_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$")
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"


@dataclass(frozen=True, slots=True)
class NewToken:
    raw: str
    prefix: str
    digest: str


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def make_token(random_bytes: Callable[[int], bytes]) -> NewToken:
    prefix = "".join(_ALPHABET[b % len(_ALPHABET)] for b in random_bytes(8))
    secret = base64.urlsafe_b64encode(random_bytes(32)).decode("ascii").rstrip("=")
    raw = f"{TOKEN_PREFIX}_{prefix}_{secret}"
    return NewToken(raw=raw, prefix=prefix, digest=digest(raw))


def split_prefix(raw: str) -> str | None:
    """The lookup prefix of a well-formed token, or None for anything else."""
    match = _SHAPE.match(raw.strip())
    return match.group(1) if match else None


def matches(raw: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(raw.strip()), stored_digest)


def make_secret(random_bytes: Callable[[int], bytes]) -> NewToken:
    """A random URL-safe secret (invitation links); the prefix is unused there."""
    raw = base64.urlsafe_b64encode(random_bytes(32)).decode("ascii").rstrip("=")
    return NewToken(raw=raw, prefix="", digest=digest(raw))


def truncate_ip(ip: str) -> str:
    """IPv4 to its /24, IPv6 to its /48: enough to spot an attack, too coarse to point at one household."""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
