"""Normalise delivered licence/rights values to one small set of codes.

Codes:

- ``cc-<parts>-<version>``, e.g. ``cc-by-4.0``, ``cc-by-sa-3.0``, ``cc-by-nc-nd-4.0``; ``cc-<parts>`` when no
  version is given ("Creative Commons Attribution-ShareAlike License" → ``cc-by-sa``).
- ``cc0-1.0`` (CC0 public domain dedication), ``pdm`` (public domain mark).
- ``copyright``: all rights reserved / commercial licence (ECK products, NL-LOM ``yes`` without CC hint).
- ``no-restrictions``: NL-LOM ``copyrightandotherrestrictions = no``.
- ``other``: NL-LOM ``other`` without a recognisable licence.

Recognised inputs: NL-LOM vocabulary values (``cc-by-sa-30``, ``cc-by-40``), Creative Commons URLs
(``https://creativecommons.org/licenses/by-sa/4.0/``), SPDX-like ids (``CC-BY-SA-4.0``) and English/Dutch names
("Creative Commons Naamsvermelding-GelijkDelen 4.0").
"""

from __future__ import annotations

import re

_CC_URL = re.compile(r"creativecommons\.org/(licenses|publicdomain)/([a-z-]+)/?(\d\.\d)?", re.IGNORECASE)
_CC_CODE = re.compile(r"^cc[-_ ]?(by(?:[-_ ](?:nc|nd|sa)){0,2})(?:[-_ ]?(\d)\.?(\d))?$", re.IGNORECASE)
_NAME_PARTS = (
    ("nc", ("noncommercial", "non-commercial", "niet-commercieel", "nietcommercieel")),
    ("nd", ("noderiv", "no deriv", "geenafgeleide", "geen afgeleide")),
    ("sa", ("sharealike", "share alike", "share-alike", "gelijkdelen", "gelijk delen")),
)
_KEYWORDS = {
    "yes": "copyright",
    "ja": "copyright",
    "copyright": "copyright",
    "all rights reserved": "copyright",
    "alle rechten voorbehouden": "copyright",
    "commercial": "copyright",
    "commercieel": "copyright",
    "no": "no-restrictions",
    "nee": "no-restrictions",
    "other": "other",
    "anders": "other",
    "cc0": "cc0-1.0",
    "cc0-1.0": "cc0-1.0",
    "public domain": "pdm",
    "publiek domein": "pdm",
}


def _ordered(parts: set[str]) -> str:
    return "-".join(["by", *[p for p in ("nc", "nd", "sa") if p in parts]])


def _from_url(value: str) -> str | None:
    match = _CC_URL.search(value)
    if not match:
        return None
    kind, name, version = match.group(1).lower(), match.group(2).lower(), match.group(3)
    if kind == "publicdomain":
        return "cc0-1.0" if name == "zero" else "pdm"
    parts = set(name.split("-")) - {"by"}
    code = "cc-" + _ordered(parts)
    return f"{code}-{version}" if version else code


def _from_code(value: str) -> str | None:
    match = _CC_CODE.match(value.strip())
    if not match:
        return None
    parts = set(re.split(r"[-_ ]", match.group(1).lower())) - {"by"}
    code = "cc-" + _ordered(parts)
    if match.group(2):
        return f"{code}-{match.group(2)}.{match.group(3) or '0'}"
    return code


def _from_name(value: str) -> str | None:
    lowered = value.lower()
    if "creative commons" not in lowered and not lowered.startswith("cc "):
        return None
    if "zero" in lowered or "cc0" in lowered:
        return "cc0-1.0"
    squashed = lowered.replace(" ", "")
    parts = {code for code, names in _NAME_PARTS if any(n.replace(" ", "") in squashed for n in names)}
    code = "cc-" + _ordered(parts)
    version = re.search(r"\b(\d)\.(\d)\b", lowered)
    return f"{code}-{version.group(1)}.{version.group(2)}" if version else code


def normalise_licence(value: str) -> str | None:
    """The licence code for ``value``, or ``None`` if it is empty or not recognised."""
    text = " ".join(value.split())
    if not text:
        return None
    keyword = _KEYWORDS.get(text.lower())
    if keyword:
        return keyword
    return _from_url(text) or _from_code(text) or _from_name(text)


def is_creative_commons(code: str | None) -> bool:
    return code is not None and (code.startswith("cc-") or code == "cc0-1.0")
