"""Pages of the quality app: teacher experiences, verified use, publisher responses and moderation (W6 §3).

Thin: read the request, call `actions.experiences` (every write, permission and audit there) or `experience_query`,
render. Texts by teachers are shown without names; every refusal is a Dutch page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from wijzer.accounts import service as accounts
from wijzer.catalog.service import Product
from wijzer.quality import experience_query as reads
from wijzer.quality import query
from wijzer.quality.actions import experiences as actions
from wijzer.quality.constants import NOT_APPLICABLE_LABEL, Agreement, ReportState, Visibility
from wijzer.quality.domain import experience as rules
from wijzer.quality.exceptions import Forbidden, NotFound, QualityError
from wijzer.quality.models import Experience
from wijzer.quality.query import current_framework, topics_of

SCORE_CHOICES: tuple[tuple[str, str], ...] = (
    *((str(value), f"{value} – {label}") for value, label in Agreement.choices),
    ("nvt", NOT_APPLICABLE_LABEL),
)
FIELD_IDS = {
    rules.TEXT_FIELD: "ervaring-tekst",
    rules.SECTOR_FIELD: "ervaring-sector",
    rules.LEVEL_FIELD: "ervaring-niveau",
    rules.SCHOOL_TYPE_FIELD: "ervaring-schoolsoort",
    rules.MONTHS_FIELD: "ervaring-maanden",
    rules.SCORES_FIELD: "ervaring-scores",
}
FIELD_LABELS = {
    rules.TEXT_FIELD: "Uw ervaring",
    rules.SECTOR_FIELD: "Sector",
    rules.LEVEL_FIELD: "Niveau of leerjaar",
    rules.SCHOOL_TYPE_FIELD: "Soort school",
    rules.MONTHS_FIELD: "Maanden in gebruik",
    rules.SCORES_FIELD: "Scores per onderwerp",
    "reason": "Reden",
}


# --- helpers ----------------------------------------------------------------------------------------------------------


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "quality/experience_not_found.html", {"message": message}, status=404)


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "accounts/forbidden.html", {"message": message}, status=403)


def _viewer_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def _list_url(product_uuid: str, anchor: str = "") -> str:
    url = reverse("quality:experience-list", args=[product_uuid])
    return f"{url}#{anchor}" if anchor else url


def _error_list(errors: dict[str, str], ids: dict[str, str]) -> list[dict[str, str]]:
    """The error summary: one line per field, linked to the field."""
    lines = []
    for key, message in errors.items():
        if key.startswith(f"{rules.SCORES_FIELD}."):
            code = key.split(".", 1)[1]
            lines.append({"href": f"score-{code}-1", "label": ids.get(key, code), "message": message})
        else:
            lines.append({"href": FIELD_IDS.get(key, key), "label": FIELD_LABELS.get(key, key), "message": message})
    return lines


# --- the public list of a product's experiences -----------------------------------------------------------------------


def _distribution(views: list[reads.ExperienceView]) -> list[dict[str, Any]]:
    """Per topic: how many scored it, how many gave 1, 2, 3, 4, how many said n.v.t. (explainability)."""
    rows: dict[str, dict[str, Any]] = {}
    for view in views:
        for score in view.scores:
            row = rows.setdefault(score.code, {"name": score.name, "counts": [0, 0, 0, 0], "nvt": 0, "n": 0})
            if score.score is None:
                row["nvt"] += 1
            else:
                row["counts"][score.score - 1] += 1
                row["n"] += 1
    return list(rows.values())


def _holdings_school(actor: accounts.Actor) -> accounts.Organisation | None:
    """The actor's school, when the actor may declare what it uses (for a link to its holdings page)."""
    school = actor.organisation
    if school is None or school.kind not in actions.SCHOOL_KINDS:
        return None
    return school if accounts.allows(actor, accounts.Action.DECLARE_HOLDING, school) else None


def experience_list(request: HttpRequest, product_uuid: str) -> HttpResponse:
    try:
        product = query.product_by_uuid(product_uuid)
    except NotFound as missing:
        return _not_found(request, missing.message)
    viewer = _viewer_id(request)
    views = reads.product_experiences(product, viewer_id=viewer)
    public = [v for v in views if not v.hidden]
    actor = accounts.actor_of(request)
    return render(
        request,
        "quality/experience_list.html",
        {
            "product": product,
            "experiences": views,
            "count": len(public),
            "verified_count": sum(1 for v in public if v.verified),
            "distribution": _distribution(public),
            "agreement": Agreement.choices,
            "may_write": accounts.allows(actor, accounts.Action.WRITE_EXPERIENCE, product.owner),
            "may_report": viewer is not None
            and accounts.allows(actor, accounts.Action.REPORT_EXPERIENCE, product.owner),
            "may_respond": accounts.allows(actor, accounts.Action.RESPOND_EXPERIENCE, product.owner),
            "may_moderate": accounts.allows(actor, accounts.Action.MODERATE_EXPERIENCES, product.owner),
            "verified_rule": reads.VERIFIED_RULE,
            "has_demo": any(v.is_demo for v in views),
            "holdings_school": _holdings_school(actor),
        },
    )


# --- the form for school staff ----------------------------------------------------------------------------------------


def _form_values(request: HttpRequest, topics: list[Any]) -> dict[str, Any]:
    post = request.POST
    return {
        "scores": {t.code: post.get(f"score-{t.code}", "") for t in topics},
        "text": post.get("text", ""),
        "sector": post.get("sector", ""),
        "level": post.get("level", ""),
        "school_type": post.get("school_type", ""),
        "months_used": post.get("months_used", ""),
    }


def _initial(experience: Experience | None) -> dict[str, Any]:
    if experience is None:
        return {"scores": {}, "text": "", "sector": "", "level": "", "school_type": "", "months_used": ""}
    return {
        "scores": {s.topic.code: "nvt" if s.score is None else str(s.score) for s in experience.scores.all()},
        "text": experience.text,
        "sector": experience.sector,
        "level": experience.level,
        "school_type": experience.school_type,
        "months_used": "" if experience.months_used is None else str(experience.months_used),
    }


@require_http_methods(["GET", "POST"])
def experience_form(request: HttpRequest, product_uuid: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        product = query.product_by_uuid(product_uuid)
    except NotFound as missing:
        return _not_found(request, missing.message)
    actor = accounts.actor_of(request)
    if not accounts.check(
        actor,
        accounts.Action.WRITE_EXPERIENCE,
        product.owner,
        object_type="product",
        object_id=str(product.uuid),
        reason=actions.NOT_SCHOOL_STAFF,
    ):
        return _forbidden(request, actions.NOT_SCHOOL_STAFF + " Kies bovenaan zo'n rol als u die ook heeft.")
    framework = current_framework()
    topics = topics_of(framework) if framework is not None else []
    own = reads.own_experience(product, request.user.pk)
    values = _initial(own)
    errors: dict[str, str] = {}
    message = ""
    if request.method == "POST" and framework is not None:
        values = _form_values(request, topics)
        try:
            saved = actions.write_experience(
                actor,
                product,
                scores=values["scores"],
                text=values["text"],
                sector=values["sector"],
                level=values["level"],
                school_type=values["school_type"],
                months_used=values["months_used"],  # the rules accept text and say what is wrong with it
            )
        except Forbidden as refused:
            return _forbidden(request, refused.message)
        except QualityError as refused:
            errors, message = refused.fields, refused.message
        else:
            messages.success(
                request, "Uw ervaring is bijgewerkt." if own is not None else "Dank u wel: uw ervaring is geplaatst."
            )
            return redirect(_list_url(str(product.uuid), f"ervaring-{saved.uuid}"))
    topic_rows = [
        {
            "code": t.code,
            "name": t.name,
            "description": t.description,
            "value": values["scores"].get(t.code, ""),
            "error": errors.get(rules.score_field(t.code), ""),
        }
        for t in topics
    ]
    return render(
        request,
        "quality/experience_form.html",
        {
            "product": product,
            "framework": framework,
            "topics": topic_rows,
            "choices": SCORE_CHOICES,
            "values": values,
            "errors": errors,
            "message": message,
            "error_list": _error_list(errors, {rules.score_field(t.code): t.name for t in topics}),
            "own": own,
            "sectors": rules.SECTOR_LABELS.items(),
            "max_text": rules.MAX_TEXT,
            "max_months": rules.MAX_MONTHS,
            "school": actor.organisation,
        },
    )


# --- report, respond --------------------------------------------------------------------------------------------------


def _visible_experience(
    request: HttpRequest, experience_uuid: str, action: accounts.Action, refusal: str
) -> tuple[Experience, accounts.Actor] | HttpResponse:
    """The visible experience a signed-in person acts on (report, respond) and the actor, or the answer instead: the
    login page, a Dutch 404 (also for a hidden experience: its text is for its author and the moderation only) or an
    audited 403 when the active role may not do `action` for the product's owner."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        found = actions.experience_by_uuid(experience_uuid)
    except NotFound as missing:
        return _not_found(request, missing.message)
    if found.visibility != Visibility.VISIBLE:
        return _not_found(request, actions.EXPERIENCE_NOT_FOUND)
    actor = accounts.actor_of(request)
    allowed = accounts.check(
        actor, action, found.product.owner, object_type="experience", object_id=str(found.uuid), reason=refusal
    )
    return (found, actor) if allowed else _forbidden(request, refusal)


@require_http_methods(["GET", "POST"])
def experience_report(request: HttpRequest, experience_uuid: str) -> HttpResponse:
    checked = _visible_experience(request, experience_uuid, accounts.Action.REPORT_EXPERIENCE, actions.NEEDS_ROLE)
    if isinstance(checked, HttpResponse):
        return checked
    found, actor = checked
    if found.author_id == request.user.pk:  # the page hides the link; a typed address or a POST is refused too
        return _forbidden(request, actions.OWN_EXPERIENCE)
    reason, error = "", ""
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        try:
            actions.report(actor, found, reason)
        except Forbidden as refused:
            return _forbidden(request, refused.message)
        except QualityError as refused:
            error = refused.fields.get("reason", refused.message)
        else:
            messages.success(request, "Uw melding is ontvangen. De moderatie bekijkt de ervaring.")
            return redirect(_list_url(str(found.product.uuid), f"ervaring-{found.uuid}"))
    view = reads.views_of([found])[0]
    return render(
        request,
        "quality/experience_report.html",
        {"experience": view, "product": found.product, "reason": reason, "error": error},
    )


@require_http_methods(["GET", "POST"])
def experience_respond(request: HttpRequest, experience_uuid: str) -> HttpResponse:
    checked = _visible_experience(
        request, experience_uuid, accounts.Action.RESPOND_EXPERIENCE, actions.NOT_OWN_PUBLISHER
    )
    if isinstance(checked, HttpResponse):
        return checked
    found, actor = checked
    text, error = "", ""
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            actions.respond(actor, found, text)
        except Forbidden as refused:
            return _forbidden(request, refused.message)
        except QualityError as refused:
            error = refused.fields.get("text", refused.message)
        else:
            messages.success(request, "Uw reactie staat nu onder de ervaring.")
            return redirect(_list_url(str(found.product.uuid), f"ervaring-{found.uuid}"))
    view = reads.views_of([found])[0]
    return render(
        request,
        "quality/experience_respond.html",
        {
            "experience": view,
            "product": found.product,
            "text": text,
            "error": error,
            "already": view.response is not None,
            "max_text": rules.MAX_TEXT,
        },
    )


# --- moderation -------------------------------------------------------------------------------------------------------


def _may_moderate(request: HttpRequest) -> bool:
    return accounts.check(
        accounts.actor_of(request), accounts.Action.MODERATE_EXPERIENCES, None, reason=actions.NOT_MODERATOR
    )


def moderation(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _may_moderate(request):
        return _forbidden(request, actions.NOT_MODERATOR)
    reported, recent = reads.moderation_queue()
    hidden = reads.hidden_experiences()
    return render(
        request,
        "quality/moderation.html",
        {"reported": reported, "recent": recent, "hidden": hidden, "report_states": ReportState},
    )


MODERATION_DONE = {
    "hide": "De ervaring is verborgen; de schrijver ziet de reden.",
    "restore": "De ervaring is weer zichtbaar.",
    "dismiss": "De meldingen zijn afgehandeld; de ervaring blijft zichtbaar.",
    "hide_response": "De reactie van de uitgever is verborgen.",
}


@require_POST
def moderate(request: HttpRequest, experience_uuid: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("quality:moderation"))
    if not _may_moderate(request):
        return _forbidden(request, actions.NOT_MODERATOR)
    actor = accounts.actor_of(request)
    decision = request.POST.get("decision", "")
    reason = request.POST.get("reason", "")
    try:
        if decision == "hide":
            actions.hide(actor, experience_uuid, reason)
        elif decision == "restore":
            actions.restore(actor, experience_uuid)
        elif decision == "dismiss":
            actions.dismiss_reports(actor, experience_uuid)
        elif decision == "hide_response":
            actions.hide_response(actor, experience_uuid, reason)
        else:
            raise QualityError("Kies verbergen, terugzetten, meldingen afhandelen of de reactie verbergen.")
    except Forbidden as refused:
        return _forbidden(request, refused.message)
    except QualityError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, MODERATION_DONE[decision])
    return redirect(f"{reverse('quality:moderation')}#ervaring-{experience_uuid[:36]}")


# --- school holdings (verified use) -----------------------------------------------------------------------------------


HOLDING_DECISIONS = frozenset({"add", "remove"})
UNKNOWN_HOLDING_DECISION = (
    "Onbekende keuze: kies 'Toevoegen' of 'Intrekken' bij een product. "
    "Er is niets veranderd aan de lijst van de school."
)


@accounts.organisation_required(accounts.Action.DECLARE_HOLDING)
@require_http_methods(["GET", "POST"])
def holdings(request: HttpRequest, organisation: accounts.Organisation) -> HttpResponse:
    actor = accounts.actor_of(request)
    is_school = organisation.kind in actions.SCHOOL_KINDS
    here = reverse("quality:holdings", args=[organisation.uuid])
    status = 200
    if request.method == "POST" and is_school:
        product_key = request.POST.get("product", "")
        decision = request.POST.get("decision", "")
        if decision not in HOLDING_DECISIONS:  # an unknown decision is not an "add": nothing changes
            messages.error(request, UNKNOWN_HOLDING_DECISION)
            status = 400
        else:
            try:
                if decision == "remove":
                    actions.remove_holding(actor, organisation, product_key)
                    messages.success(request, "Het product staat niet meer op de lijst van de school.")
                else:
                    holding = actions.declare_holding(actor, organisation, product_key)
                    messages.success(request, f"'{holding.product.title}' staat nu op de lijst van de school.")
            except Forbidden as refused:
                return _forbidden(request, refused.message)
            except QualityError as refused:
                messages.error(request, refused.message)
            return redirect(here)
    search = request.GET.get("zoek", "")[:200]
    found: list[Product] = query.find_products(search) if search and is_school else []
    held = {h.product_uuid for h in reads.holdings_of(organisation)} if is_school else set()
    schools = [] if is_school else [o for o in organisation.tree() if o.kind in actions.SCHOOL_KINDS]
    return render(
        request,
        "quality/holding_list.html",
        {
            "organisation": organisation,
            "is_school": is_school,
            "holdings": reads.holdings_of(organisation) if is_school else [],
            "search": search,
            "found": [(p, str(p.uuid) in held) for p in found],
            "schools": schools,
            "verified_rule": reads.VERIFIED_RULE,
        },
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("producten/<str:product_uuid>/ervaringen/", experience_list, name="experience-list"),
    path("producten/<str:product_uuid>/ervaring/", experience_form, name="experience-form"),
    path("ervaringen/<str:experience_uuid>/melden/", experience_report, name="experience-report"),
    path("ervaringen/<str:experience_uuid>/reactie/", experience_respond, name="experience-respond"),
    path("ervaringen/<str:experience_uuid>/modereren/", moderate, name="experience-moderate"),
    path("moderatie/", moderation, name="moderation"),
    path("school/<uuid:organisation_uuid>/gebruik/", holdings, name="holdings"),
]
