"""The per-topic part of the quality profile block as HTML, built in Python (W6 §4).

The product page block must add at most 10 ms: the Django template engine took ~12 ms for the seven topics (about
a thousand variable lookups), `format_html` takes well under one. Every value goes through `format_html`, so text is
escaped exactly as in a template.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

LABEL_WIDTH = 90
NOT_COUNTED = "telt niet mee zolang de poort niet gehaald is"


def share(value: float | None) -> str:
    """0.6 -> "60 %"; None -> "—" (no applicable answers: no share, not a zero)."""
    return "—" if value is None else f"{round(value * 100)} %"


def median(value: float | None) -> str:
    """3.0 -> "3", 2.5 -> "2,5"; None -> "—"."""
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _bar(segments: list[dict[str, Any]], y: int, who: str) -> SafeString:
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="13" fill="{}"><title>{}, {}: {}</title></rect>',
        ((s["x"] + LABEL_WIDTH, y + 1, s["width"], s["fill"], who, s["label"], s["count"]) for s in segments),
    )


def _svg(topic: Mapping[str, Any], bar_width: int) -> SafeString:
    width = bar_width + LABEL_WIDTH
    return format_html(
        '<svg class="quality-bars" width="{w}" height="40" viewBox="0 0 {w} 40" role="img" aria-label="Verdeling bij '
        '{name}: de getallen staan in de tabel ernaast">'
        '<text x="0" y="13" font-size="12">Experts</text>'
        '<rect x="{lx}" y="2.5" width="{bw}" height="14" fill="none" stroke="#757575"/>{experts}'
        '<text x="0" y="33" font-size="12">Leraren</text>'
        '<rect x="{lx}" y="22.5" width="{bw}" height="14" fill="none" stroke="#757575"/>{teachers}</svg>',
        w=width,
        name=topic["name"],
        lx=LABEL_WIDTH - 0.5,
        bw=bar_width + 1,
        experts=_bar(topic["experts_bar"], 2, "Experts"),
        teachers=_bar(topic["teachers_bar"], 22, "Leraren"),
    )


def _cells(part: Mapping[str, Any]) -> SafeString:
    counts = part["counts"]
    return format_html(
        '<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td>'
        '<td class="num">{}</td>',
        counts["1"],
        counts["2"],
        counts["3"],
        counts["4"],
        part["not_applicable"],
    )


def _not_applicable(part: Mapping[str, Any]) -> str:
    """n counts scores 1-4 only; "niet van toepassing" is told apart, with its own label."""
    count = int(part.get("not_applicable") or 0)
    return f"; {count} niet van toepassing" if count else ""


def _row(who: str, part: Mapping[str, Any], n: str, confidence: str) -> SafeString:
    return format_html(
        '<tr><th scope="row">{}</th>{}<td>{}</td><td class="num">{}</td><td>{}</td></tr>',
        who,
        _cells(part),
        n,
        share(part["share_agreeing"]),
        confidence,
    )


HEAD = mark_safe(
    '<thead><tr><th scope="col">Wie</th><th scope="col" class="num">1</th><th scope="col" class="num">2</th>'
    '<th scope="col" class="num">3</th><th scope="col" class="num">4</th><th scope="col" class="num">n.v.t.</th>'
    '<th scope="col">n (score 1–4)</th><th scope="col" class="num">eens (3–4)</th><th scope="col">zekerheid</th>'
    "</tr></thead>"
)
CRITERIA_HEAD = mark_safe(
    '<thead><tr><th scope="col">Criterium</th><th scope="col" class="num">1</th><th scope="col" class="num">2</th>'
    '<th scope="col" class="num">3</th><th scope="col" class="num">4</th><th scope="col" class="num">n.v.t.</th>'
    '<th scope="col" class="num">mediaan</th><th scope="col" class="num">eens (3–4)</th></tr></thead>'
)


def _criteria(topic: Mapping[str, Any], gateway_applies: bool) -> SafeString:
    rows = format_html_join(
        "",
        '<tr><th scope="row">{} <span class="meta">{}{}{}</span></th>{}<td class="num">{}</td>'
        '<td class="num">{}</td></tr>',
        (
            (
                c["code"],
                c["statement"],
                f" (vakuitbreiding {c['subject']})" if c["subject"] else "",
                " — poortcriterium" if c["gateway"] and gateway_applies else "",
                _cells(c),
                median(c["median"]),
                share(c["share_agreeing"]),
            )
            for c in topic["criteria"]
        ),
    )
    return format_html(
        '<div class="table-scroll" tabindex="0" role="region" aria-label="Expertantwoorden per criterium bij {}">'
        "<table><caption>Expertantwoorden per criterium</caption>{}<tbody>{}</tbody></table></div>",
        topic["name"],
        CRITERIA_HEAD,
        rows,
    )


def topic_section(topic: Mapping[str, Any], *, bar_width: int, gateway_applies: bool, full: bool) -> SafeString:
    """One topic: heading (gateway and "telt niet mee" marks), the SVG bars and the table beside them."""
    code = topic["code"]
    marks = ""
    if topic["gateway"] and gateway_applies:
        marks += ' <span class="badge">poort</span>'
    if not topic["counts_toward"]:
        marks += f' <span class="badge">{NOT_COUNTED}</span>'
    experts, teachers, verified = topic["experts"], topic["teachers"], topic["verified"]
    rows = [
        _row(
            "Experts",
            experts,
            f"{plural(experts['reviewers'], 'beoordelaar', 'beoordelaars')}, "
            f"{plural(experts['answers'], 'score', 'scores')}{_not_applicable(experts)}",
            experts["confidence_text"],
        ),
        _row(
            "Leraren",
            teachers,
            plural(teachers["experiences"], "ervaring", "ervaringen") + _not_applicable(teachers),
            teachers["confidence_text"],
        ),
        _row(
            "waarvan geverifieerd gebruik",
            verified,
            plural(verified["experiences"], "ervaring", "ervaringen") + _not_applicable(verified),
            "",
        ),
    ]
    return format_html(
        '<section class="quality-topic" aria-labelledby="kwaliteit-{code}"><h3 id="kwaliteit-{code}">{name}{marks}'
        '</h3><div class="quality-topic__row">{svg}'
        '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="kwaliteit-{code}"><table>'
        '<caption class="visually-hidden">Antwoorden bij {name}</caption>{head}<tbody>{rows}</tbody></table></div>'
        "</div>{criteria}</section>",
        code=code,
        name=topic["name"],
        marks=mark_safe(marks),  # noqa: S308 - constant markup
        svg=_svg(topic, bar_width),
        head=HEAD,
        rows=mark_safe("".join(rows)),  # noqa: S308 - each row built with format_html
        criteria=_criteria(topic, gateway_applies) if full else "",
    )


def topics_html(profile: Mapping[str, Any], *, bar_width: int, full: bool) -> SafeString:
    applies = bool(profile["gateway"]["applies"])
    return mark_safe(  # noqa: S308 - each section built with format_html
        "".join(topic_section(t, bar_width=bar_width, gateway_applies=applies, full=full) for t in profile["topics"])
    )
