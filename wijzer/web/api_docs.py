"""The API documentation page (/api/v1/docs, W5.3): the OpenAPI schema rendered server-side in the site's own
layout (Dutch, lang="nl", the site's contrast and landmarks), instead of Swagger UI, which axe-core faults for
contrast, nested interactive controls and missing landmarks. The schema itself stays at /api/v1/openapi.json for
tools that try requests interactively."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

TYPE_WORDS = {"string": "tekst", "integer": "geheel getal", "number": "getal", "boolean": "ja/nee", "object": "object"}
PLACES = {"query": "zoekparameter", "path": "in het pad", "header": "kopregel", "cookie": "cookie"}
AUTH_WORDS = {
    "TokenAuth": "API-sleutel (Authorization: Bearer wzr_…)",
    "SessionMemberAuth": "ingelogde sessie (cookie)",
}
METHOD_ORDER = ("get", "post", "put", "patch", "delete")
TAG_LABELS = {"accounts": "Accounts, sleutels en logboek"}


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: str
    required: bool
    place: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Response:
    status: str
    description: str
    model: str
    fields: tuple[Field, ...]


@dataclass(frozen=True, slots=True)
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    auth: tuple[str, ...]
    parameters: tuple[Field, ...]
    body: str
    body_fields: tuple[Field, ...]
    responses: tuple[Response, ...]


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    anchor: str
    operations: tuple[Operation, ...]


def type_words(schema: dict[str, Any]) -> str:
    """A schema fragment in plain Dutch ("lijst van tekst", "een van: po, vo", "geheel getal (1 tot 500)")."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        words = " of ".join(type_words(s) for s in options) or "leeg"
        return words + (" (mag leeg)" if len(options) < len(schema["anyOf"]) else "")
    if "enum" in schema:
        return "een van: " + ", ".join(str(v) for v in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        return "lijst van " + type_words(schema.get("items", {}))
    words = TYPE_WORDS.get(str(kind), str(kind or "waarde"))
    if schema.get("format"):
        words += f" ({schema['format']})"
    if "minimum" in schema and "maximum" in schema:
        words += f" ({schema['minimum']} tot {schema['maximum']})"
    return words


def model_fields(schema: dict[str, Any], components: dict[str, Any]) -> tuple[str, tuple[Field, ...]]:
    """The name and top-level fields of a referenced model (lists show their item model)."""
    target = schema.get("items", schema) if schema.get("type") == "array" else schema
    ref = target.get("$ref")
    if not ref:
        return (type_words(schema) if schema else "", ())
    name = str(ref).rsplit("/", 1)[-1]
    model = components.get(name, {})
    required = set(model.get("required", []))
    fields = tuple(
        Field(key, type_words(value), key in required, description=str(value.get("description", "")))
        for key, value in model.get("properties", {}).items()
    )
    return (f"lijst van {name}" if target is not schema else name, fields)


def groups(schema: dict[str, Any]) -> list[Group]:
    """Operations grouped by their first tag (the app), in the order they appear."""
    components = schema.get("components", {}).get("schemas", {})
    by_tag: dict[str, list[Operation]] = {}
    for path, methods in schema.get("paths", {}).items():
        for method in sorted(methods, key=lambda m: METHOD_ORDER.index(m) if m in METHOD_ORDER else 9):
            op = methods[method]
            parameters = tuple(
                Field(
                    p["name"],
                    type_words(p.get("schema", {})),
                    bool(p.get("required")),
                    PLACES.get(p.get("in", ""), p.get("in", "")),
                    str(p.get("description", "")),
                )
                for p in op.get("parameters", [])
            )
            content = op.get("requestBody", {}).get("content", {})
            body, body_fields = "", tuple[Field, ...]()
            for media_type, spec in content.items():
                name, body_fields = model_fields(spec.get("schema", {}), components)
                body = f"{media_type}: {name}" if name else media_type
                break
            responses = []
            for status, spec in op.get("responses", {}).items():
                media: dict[str, Any] = next(iter(spec.get("content", {}).values()), {})
                name, fields = model_fields(media.get("schema", {}), components)
                responses.append(
                    Response(status, _dutch_status(status, str(spec.get("description", ""))), name, fields)
                )
            auth = tuple(
                dict.fromkeys(AUTH_WORDS.get(k, k) for requirement in op.get("security", []) for k in requirement)
            )
            tag = (op.get("tags") or ["algemeen"])[0]
            by_tag.setdefault(tag, []).append(
                Operation(
                    anchor=str(op.get("operationId", f"{method}-{path}")),
                    method=method.upper(),
                    path=path,
                    summary=str(op.get("summary", "")),
                    description=str(op.get("description", "")),
                    auth=auth,
                    parameters=parameters,
                    body=body,
                    body_fields=body_fields,
                    responses=tuple(responses),
                )
            )
    return [Group(TAG_LABELS.get(tag, tag.capitalize()), f"groep-{tag}", tuple(ops)) for tag, ops in by_tag.items()]


def _dutch_status(status: str, description: str) -> str:
    words = {"200": "Gelukt", "201": "Aangemaakt", "202": "Aangenomen", "204": "Gelukt, geen inhoud"}
    return words.get(status, description if description not in {"OK", "Created"} else "Gelukt")


class ApiDocs(DocsBase):
    """django-ninja's docs hook: our page instead of Swagger UI."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            "web/api_docs.html",
            {
                "info": schema.get("info", {}),
                "groups": groups(dict(schema)),
                "openapi_url": self.get_openapi_url(api, kwargs),
            },
        )
