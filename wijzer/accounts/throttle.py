"""Abuse limits (W5.1 §6): the client address behind trusted proxies, refused API tokens summed per network and
minute for the audit log, and the per-network login limit against password spraying.

Counters live in Django's cache (per process in tests, the shared cache in production); the audit log stays
append-only: a count reaches it as a new row, never as an update. The pure parts are in `domain/network.py`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from . import actions
from .constants import AuditAction
from .domain import network
from .models import User

UNKNOWN_NETWORK = "onbekend"

# --- The client address ------------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _proxies(values: tuple[str, ...]) -> tuple[network.Network, ...]:
    return network.parse_networks(values)


def client_ip(request: HttpRequest) -> str:
    """The one answer to "who is the client": audit log, django-axes and the limits below all use it.

    REMOTE_ADDR, unless that is one of `WIJZER_TRUSTED_PROXIES`; only then is X-Forwarded-For read (right-most
    address that is not a trusted proxy). A client cannot choose its address by sending the header itself."""
    proxies = _proxies(tuple(getattr(settings, "WIJZER_TRUSTED_PROXIES", ())))
    return network.resolve_client_address(
        str(request.META.get("REMOTE_ADDR", "")), str(request.META.get("HTTP_X_FORWARDED_FOR", "")), proxies
    )


def axes_client_network(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the first address of the client's /24 or /48, so axes counts per network."""
    return network.network_address(client_ip(request))


def _network_key(ip: str) -> str:
    return network.network_address(ip) or UNKNOWN_NETWORK


def _bump(key: str, timeout: int) -> int:
    """Add one to a counter and keep it `timeout` seconds (file-based caches reset the expiry on `incr`)."""
    if cache.add(key, 1, timeout):
        return 1
    try:
        value = int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 0, timeout)
        value = int(cache.incr(key))
    cache.touch(key, timeout)
    return value


def _now(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


# --- Refused API tokens: one audit row per network and minute, plus one with the rest of the count -----------------

TOKEN_WINDOW_SECONDS = 60
# Counts of a closed minute are written by the first refusal (from any network) of a later minute within the hour.
TOKEN_LOOKBACK_WINDOWS = 60
_REFUSALS = "wijzer:token-refused"
_REFUSALS_KEEP = (TOKEN_LOOKBACK_WINDOWS + 2) * TOKEN_WINDOW_SECONDS


def _token_count_key(window: int, net: str) -> str:
    return f"{_REFUSALS}:{window}:{net}:count"


def record_token_refusal(request: HttpRequest, *, details: dict[str, Any], now: datetime | None = None) -> bool:
    """Count one refused token. The first refusal of a network in a minute is written to the audit log
    (`token.refused`, count 1); further ones only raise the counter, whose rest reaches the log as one
    `token.refused` row with `summary: true` once the minute is over. Returns whether a row was written now."""
    moment = _now(now)
    flush_token_refusals(moment)
    window = network.window_index(moment, TOKEN_WINDOW_SECONDS)
    ip = client_ip(request)
    net = _network_key(ip)
    if not cache.add(_token_count_key(window, net), 1, _REFUSALS_KEEP):
        _bump(_token_count_key(window, net), _REFUSALS_KEEP)
        return False
    slot = _bump(f"{_REFUSALS}:{window}:slots", _REFUSALS_KEEP)
    cache.set(f"{_REFUSALS}:{window}:slot:{slot}", net, _REFUSALS_KEEP)
    actions.do_record_audit_event(
        AuditAction.TOKEN_REFUSED,
        actor_label="onbekende sleutel",
        ip=ip,
        details={**details, "count": 1, "window": network.window_label(window, TOKEN_WINDOW_SECONDS)},
    )
    return True


def flush_token_refusals(now: datetime | None = None) -> int:
    """Write the rest of the count of every closed minute (at most once per minute, by its first caller).
    Returns the number of summary rows written."""
    current = network.window_index(_now(now), TOKEN_WINDOW_SECONDS)
    if not cache.add(f"{_REFUSALS}:flush:{current}", 1, _REFUSALS_KEEP):
        return 0
    through = cache.get(f"{_REFUSALS}:flushed-through")
    start = current - TOKEN_LOOKBACK_WINDOWS
    if isinstance(through, int):
        start = max(start, through + 1)
    written = 0
    for window in range(start, current):
        if cache.add(f"{_REFUSALS}:{window}:flushed", 1, _REFUSALS_KEEP):
            written += _flush_token_window(window)
    cache.set(f"{_REFUSALS}:flushed-through", current - 1, _REFUSALS_KEEP)
    return written


def _flush_token_window(window: int) -> int:
    slots = cache.get(f"{_REFUSALS}:{window}:slots")
    written = 0
    for slot in range(1, int(slots or 0) + 1):
        net = cache.get(f"{_REFUSALS}:{window}:slot:{slot}")
        if not isinstance(net, str):
            continue
        count = int(cache.get(_token_count_key(window, net)) or 0)
        if count > 1:
            actions.do_record_audit_event(
                AuditAction.TOKEN_REFUSED,
                actor_label="onbekende sleutels (samengevat)",
                ip="" if net == UNKNOWN_NETWORK else net,
                details={
                    "count": count - 1,
                    "window": network.window_label(window, TOKEN_WINDOW_SECONDS),
                    "summary": True,
                },
            )
            written += 1
    return written


# --- Failed logins per network (password spraying) -----------------------------------------------------------------

_LOGIN = "wijzer:login-net"


def _login_window_seconds() -> int:
    return int(settings.WIJZER_LOGIN_NETWORK_WINDOW.total_seconds())


def login_network_wait(request: HttpRequest, now: datetime | None = None) -> int:
    """Seconds until the client's network may try to log in again; 0 when it is not blocked."""
    until = cache.get(f"{_LOGIN}:{_network_key(client_ip(request))}:blocked-until")
    if not isinstance(until, int | float):
        return 0
    return network.wait_seconds(float(until), _now(now).timestamp())


def login_network_message(wait: int) -> str:
    return (
        "Te veel pogingen vanaf dit netwerk, probeer het over "
        f"{network.dutch_minutes(wait)} opnieuw. Wachtwoord vergeten? Stel een nieuw wachtwoord in."
    )


def record_login_failure(request: HttpRequest, *, username: str = "", now: datetime | None = None) -> int:
    """Count a failed login for the client's network (sliding window of whole minutes). At the limit the network
    is blocked for one window and that is written to the audit log once. Returns the failures in the window."""
    moment = _now(now)
    ip = client_ip(request)
    net = _network_key(ip)
    window_seconds = _login_window_seconds()
    minute = network.window_index(moment, 60)
    _bump(f"{_LOGIN}:{net}:{minute}", window_seconds + 60)
    keys = [f"{_LOGIN}:{net}:{m}" for m in range(minute - window_seconds // 60 + 1, minute + 1)]
    failures = sum(int(value) for value in cache.get_many(keys).values())
    limit = int(settings.WIJZER_LOGIN_NETWORK_FAILURE_LIMIT)
    if failures >= limit:
        until = moment.timestamp() + window_seconds
        if cache.add(f"{_LOGIN}:{net}:blocked-until", until, window_seconds):
            actions.do_record_audit_event(
                AuditAction.LOGIN_NETWORK_BLOCKED,
                actor_label=username[:254] or "onbekend",
                ip=ip,
                details={
                    "failures": failures,
                    "limit": limit,
                    "until": datetime.fromtimestamp(until, tz=UTC).isoformat(),
                },
            )
    return failures


_REFUSED = "_wijzer_network_refused"


def was_refused(request: HttpRequest) -> bool:
    """Whether this login attempt was refused because its network is blocked (no password was checked)."""
    return bool(getattr(request, _REFUSED, False))


class NetworkThrottleBackend:
    """Authentication backend after axes: refuses every password check from a blocked network, also on entry
    points other than `login_view` (the admin login). `login_view` checks first and shows the Dutch message."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> User | None:
        if request is not None:
            wait = login_network_wait(request)
            if wait > 0:
                setattr(request, _REFUSED, True)  # a marker on the request, read by `was_refused`
                raise PermissionDenied(login_network_message(wait))
        return None

    # No `get_user`: this backend never logs anyone in, so Django (and the test client's `force_login`, which takes
    # the first backend that has one) restore sessions through ModelBackend.
