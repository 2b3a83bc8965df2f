"""Pages of the quality app: expert reviews (W6 §2). Thin: forms and context here, writes in `actions.reviews`.

- `/kwaliteit/beoordelen/`: the reviewer's own reviews (drafts first) and a product search (title or EAN);
- `/kwaliteit/beoordelen/<product>/`: the review form (per topic a fieldset, per criterion a radio group 1 to 4 and
  "Niet van toepassing", a reason and evidence; a subject extension; save as draft or submit). On an error the
  form returns with everything filled in and an error summary linking to the fields; nothing is stored;
- `/kwaliteit/producten/<product>/beoordelingen/`: public; the submitted reviews (pseudonymous) and the agreement
  between reviewers per topic, with how it is computed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods

from wijzer.accounts import service as accounts
from wijzer.catalog.service import Product

from . import query, review_query
from .actions.reviews import NOT_A_REVIEWER, save_review
from .constants import NOT_APPLICABLE_LABEL, Agreement, ReviewStatus
from .domain import agreement as agreement_rules
from .domain import rubric
from .domain.rubric import Answer
from .exceptions import Forbidden, NotFound, QualityError
from .models import Criterion, ExpertReview, Framework, ReviewAnswer
from .query import criteria_of, current_framework, topics_of

NOT_APPLICABLE = "nvt"
CHOICES: tuple[tuple[str, str], ...] = (
    *((str(value), str(label)) for value, label in Agreement.choices),
    (NOT_APPLICABLE, NOT_APPLICABLE_LABEL),
)
SUBMIT, DRAFT, CHOOSE_SUBJECT = "indienen", "concept", "vak"


def _may_review(request: HttpRequest) -> bool:
    """The audited check (a refusal lands in the audit log); reviewers reach every product."""
    return accounts.check(accounts.actor_of(request), accounts.Action.REVIEW_QUALITY, None, reason=NOT_A_REVIEWER)


def _user_id(request: HttpRequest) -> int:
    pk = request.user.pk
    if pk is None:  # member_required lets no anonymous visitor through
        raise PermissionDenied
    return int(pk)


def _forbidden(request: HttpRequest, message: str = NOT_A_REVIEWER) -> HttpResponse:
    return render(request, "accounts/forbidden.html", {"message": message}, status=403)


def _not_found(request: HttpRequest, message: str = query.PRODUCT_NOT_FOUND) -> HttpResponse:
    return render(request, "quality/review_not_found.html", {"message": message}, status=404)


# --- the reviewer's list ------------------------------------------------------------------------------------------


@accounts.member_required
@require_http_methods(["GET"])
def review_list(request: HttpRequest) -> HttpResponse:
    if not _may_review(request):
        return _forbidden(request)
    text = request.GET.get("q", "")[:200]
    return render(
        request,
        "quality/review_list.html",
        {
            "reviews": review_query.reviews_of_reviewer(_user_id(request)),
            "q": text,
            "found": query.find_products(text) if text.strip() else None,
            "framework": current_framework(),
        },
    )


# --- the form -----------------------------------------------------------------------------------------------------


@dataclass
class CriterionField:
    criterion: Criterion
    value: str = ""  # "1".."4", "nvt" or "" (not answered)
    reason: str = ""
    evidence: str = ""
    errors: dict[str, str] = field(default_factory=dict)  # "score" / "reason" / "evidence" -> message

    @property
    def code(self) -> str:
        return self.criterion.code

    @property
    def label(self) -> str:
        return dict(CHOICES).get(self.value, "Nog niet beantwoord")


@dataclass
class TopicFieldset:
    name: str
    description: str
    criteria: list[CriterionField]


def _fields_from_review(review: ExpertReview | None) -> dict[str, tuple[str, str, str]]:
    if review is None:
        return {}
    answers: Mapping[str, ReviewAnswer] = review_query.answers_of(review)
    return {
        code: (NOT_APPLICABLE if a.score is None else str(a.score), a.reason, a.evidence) for code, a in answers.items()
    }


def _fields_from_post(request: HttpRequest, codes: list[str]) -> dict[str, tuple[str, str, str]]:
    post = request.POST
    return {
        code: (post.get(f"score-{code}", ""), post.get(f"reason-{code}", ""), post.get(f"evidence-{code}", ""))
        for code in codes
    }


def _answers(values: Mapping[str, tuple[str, str, str]]) -> dict[str, Answer]:
    """Form values to answers: an unanswered criterion (no radio chosen) is left out; text without a score too is
    kept as unanswered only when it is empty, else it is an answer the rubric refuses (no score chosen)."""
    found: dict[str, Answer] = {}
    for code, (value, reason, evidence) in values.items():
        answered, score = rubric.parse_score(value)
        if answered:
            found[code] = Answer(score, reason, evidence)
    return found


def _fieldsets(
    framework: Framework, subject: str, values: Mapping[str, tuple[str, str, str]], problems: Mapping[str, str]
) -> list[TopicFieldset]:
    per_topic: dict[int, list[CriterionField]] = {}
    for criterion in criteria_of(framework, subject):
        value, reason, evidence = values.get(criterion.code, ("", "", ""))
        errors = {
            part: problems[rubric.field_name(part, criterion.code)]
            for part in ("score", "reason", "evidence")
            if rubric.field_name(part, criterion.code) in problems
        }
        per_topic.setdefault(criterion.topic_id, []).append(CriterionField(criterion, value, reason, evidence, errors))
    return [
        TopicFieldset(topic.name, topic.description, per_topic[topic.pk])
        for topic in topics_of(framework)
        if topic.pk in per_topic
    ]


def _summary_links(fieldsets: list[TopicFieldset], problems: Mapping[str, str]) -> list[tuple[str, str]]:
    """The error summary: (anchor, message) in the order of the form."""
    links: list[tuple[str, str]] = []
    for key in ("subject", "summary"):
        if key in problems:
            links.append((f"#{key}", problems[key]))
    for fieldset in fieldsets:
        for row in fieldset.criteria:
            for part, message in row.errors.items():
                anchor = f"#score-{row.code}-1" if part == "score" else f"#{part}-{row.code}"
                links.append((anchor, message))
    if rubric.ANSWERS_FIELD in problems:
        links.append(("#criteria", problems[rubric.ANSWERS_FIELD]))
    return links


@accounts.member_required
@require_http_methods(["GET", "POST"])
def review_form(request: HttpRequest, product_uuid: uuid.UUID) -> HttpResponse:
    if not _may_review(request):
        return _forbidden(request)
    product = query.product_or_none(product_uuid)
    if product is None:
        return _not_found(request)
    review = review_query.open_review(product, _user_id(request), current_framework())
    if review is not None and review.status == ReviewStatus.SUBMITTED:
        current = current_framework()
        if current is None or review.framework_id == current.pk:
            return _submitted(request, product, review)
        review = None  # submitted against an older version: a new review uses the version in force
    framework = review.framework if review is not None else current_framework()
    if framework is None:
        return render(request, "quality/review_form.html", {"product": product, "framework": None})
    extensions = review_query.extensions_of(framework)
    if request.method == "POST":
        return _post(request, product, framework, extensions)
    subject = request.GET.get("vak", review.subject if review is not None else "")
    subject = subject if subject in extensions else ""
    values = _fields_from_review(review)
    return _render_form(request, product, framework, extensions, review, subject, values, {}, "", status=200)


def _post(request: HttpRequest, product: Product, framework: Framework, extensions: list[str]) -> HttpResponse:
    action = request.POST.get("actie", DRAFT)
    subject = request.POST.get("subject", "").strip()
    summary = request.POST.get("summary", "")
    codes = [c.code for c in criteria_of(framework, subject if subject in extensions else "")]
    values = _fields_from_post(request, codes)
    if action == CHOOSE_SUBJECT:  # show the criteria of the chosen extension; nothing is stored
        chosen = subject if subject in extensions else ""
        return _render_form(request, product, framework, extensions, None, chosen, values, {}, summary, status=200)
    try:
        saved = save_review(
            accounts.actor_of(request),
            product,
            _answers(values),
            subject=subject,
            summary=summary,
            submit=action == SUBMIT,
        )
    except Forbidden as exc:
        return _forbidden(request, exc.message)
    except NotFound as exc:
        return _not_found(request, exc.message)
    except QualityError as exc:
        problems = exc.fields
        chosen = subject if subject in extensions else ""
        return _render_form(
            request, product, framework, extensions, None, chosen, values, problems, summary, message=exc.message
        )
    if saved.status == ReviewStatus.SUBMITTED:
        messages.success(
            request, "Uw beoordeling is ingediend. Ze telt nu mee in de overeenstemming tussen beoordelaars."
        )
    else:
        messages.success(request, "Uw concept is opgeslagen. U kunt later verdergaan en dan indienen.")
    return redirect(reverse("quality:review_form", args=[product.uuid]))


def _render_form(
    request: HttpRequest,
    product: Product,
    framework: Framework,
    extensions: list[str],
    review: ExpertReview | None,
    subject: str,
    values: Mapping[str, tuple[str, str, str]],
    problems: Mapping[str, str],
    summary: str,
    *,
    message: str = "",
    status: int = 200,
) -> HttpResponse:
    fieldsets = _fieldsets(framework, subject, values, problems)
    return render(
        request,
        "quality/review_form.html",
        {
            "product": product,
            "framework": framework,
            "review": review,
            "fieldsets": fieldsets,
            "choices": CHOICES,
            "extensions": list(review_query.extension_names(framework).items()),
            "subject": subject,
            "summary": summary if review is None else review.summary,
            "problems": problems,
            "error_links": _summary_links(fieldsets, problems),
            "error_message": message,
            "max_reason": rubric.MAX_REASON,
            "max_evidence": rubric.MAX_EVIDENCE,
            "max_summary": rubric.MAX_SUMMARY,
        },
        status=status,
    )


def _submitted(request: HttpRequest, product: Product, review: ExpertReview) -> HttpResponse:
    values = _fields_from_review(review)
    fieldsets = _fieldsets(review.framework, review.subject, values, {})
    return render(
        request,
        "quality/review_submitted.html",
        {"product": product, "review": review, "fieldsets": fieldsets},
    )


# --- the public reviews of a product ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    label: str
    reason: str
    evidence: str


def score_label(answer: ReviewAnswer | None) -> str:
    if answer is None:
        return "Niet beoordeeld"
    return NOT_APPLICABLE_LABEL if answer.score is None else f"{answer.score} – {Agreement(answer.score).label}"


def _cells(answers: list[ReviewAnswer | None]) -> list[Cell]:
    return [Cell(score_label(a), a.reason if a else "", a.evidence if a else "") for a in answers]


@require_http_methods(["GET"])
def product_reviews(request: HttpRequest, product_uuid: uuid.UUID) -> HttpResponse:
    product = query.product_or_none(product_uuid)
    if product is None:
        return _not_found(request)
    versions = [
        {
            "block": block,
            "extensions": review_query.extension_names(block.framework),
            "topics": [
                {
                    "topic": topic.topic,
                    "agreement": topic.agreement,
                    "rows": [{"criterion": row.criterion, "cells": _cells(row.answers)} for row in topic.criteria],
                }
                for topic in block.topics
            ],
        }
        for block in review_query.public_reviews(product)
    ]
    return render(
        request,
        "quality/review_public.html",
        {
            "product": product,
            "versions": versions,
            "reliable": agreement_rules.RELIABLE,
            "tentative": agreement_rules.TENTATIVE,
            "solid_reviewers": agreement_rules.SOLID_REVIEWERS,
            "solid_values": agreement_rules.SOLID_VALUES,
        },
    )


urlpatterns: list[URLPattern] = [
    path("beoordelen/", review_list, name="review_list"),
    path("beoordelen/<uuid:product_uuid>/", review_form, name="review_form"),
    path("producten/<uuid:product_uuid>/beoordelingen/", product_reviews, name="product_reviews"),
]
