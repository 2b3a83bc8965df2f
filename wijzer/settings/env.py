"""One typed reader for every setting that comes from the environment (style.md §14)."""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path


class EnvError(RuntimeError):
    """A required environment variable is missing or malformed."""


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None or (default is None and value.strip() == ""):
        raise EnvError(f"Omgevingsvariabele {name} ontbreekt / environment variable {name} is required.")
    return value


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on", "ja"}:
        return True
    if lowered in {"0", "false", "no", "off", "nee"}:
        return False
    raise EnvError(f"{name}={raw!r} is geen geldige ja/nee-waarde (gebruik true of false).")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_networks(name: str) -> list[str]:
    """Comma-separated IP addresses or CIDR networks (e.g. trusted proxies); empty when unset."""
    networks = env_list(name, [])
    for value in networks:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise EnvError(
                f"{name}: {value!r} is geen IP-adres of netwerk (gebruik bijvoorbeeld 10.0.0.5 of 10.0.0.0/24)."
            ) from None
    return networks


def local_secret_key(var_dir: Path) -> str:
    """A secret key generated once per checkout for local use; never used in production."""
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key
