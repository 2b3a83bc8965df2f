"""Catalogue pages (W4): search with facets, product page, comparison, shortlist and CSV exports. Thin: the
work happens in search.engine, fetch and domain."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wijzer.accounts import service as accounts
from wijzer.core.csvexport import csv_response
from wijzer.core.params import page_number

from . import fetch, query, shortlist
from .constants import ProvenanceStatus
from .domain.availability import licence_expired
from .domain.compare import MAX_COMPARE, MIN_COMPARE, csv_rows
from .domain.search.facets import BY_NAME, FACET_NAMES
from .domain.search.query import MAX_QUERY_CHARS
from .models import Product, Provenance
from .search import contributions
from .search.engine import SORTS, FacetValue, search

PAGE_SIZE = 20


def _filters(request: HttpRequest) -> dict[str, list[str]]:
    return {name: request.GET.getlist(name) for name in FACET_NAMES if request.GET.getlist(name)}


def _page_number(request: HttpRequest) -> int:
    return page_number(request.GET.get("pagina"), last=1000)


FACET_SHOWN = 6  # a facet with more than FACET_SHOWN + 2 values shows the rest behind "Nog … tonen"


def _facet_group(name: str, values: list[FacetValue]) -> dict[str, object]:
    long = len(values) > FACET_SHOWN + 2
    more = values[FACET_SHOWN:] if long else []
    return {
        "name": name,
        "label": BY_NAME[name].label,
        "values": values[:FACET_SHOWN] if long else values,
        "more": more,
        "more_open": any(v.selected for v in more),
    }


def product_list(request: HttpRequest) -> HttpResponse:
    """The search page: words, facets (checkboxes), sorting; htmx refreshes facets and results as you type."""
    q = request.GET.get("q", "")
    notices = []
    if len(q) > MAX_QUERY_CHARS:
        q = q[:MAX_QUERY_CHARS]
        notices.append(f"Uw zoekvraag is ingekort tot de eerste {MAX_QUERY_CHARS} tekens.")
    sort = request.GET.get("sorteer", "relevantie")
    sort = sort if sort in SORTS else "relevantie"
    page = _page_number(request)
    result = search(q, _filters(request), sort=sort, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    products = {p.pk: p for p in query.products_by_pk(list(result.items))}
    rows = [products[i] for i in result.items if i in products]
    facets = [_facet_group(name, values) for name, values in result.facets.items() if values]
    base = [(k, value) for k, values in request.GET.lists() if k != "pagina" for value in values]
    last_page = max(1, min((result.count + PAGE_SIZE - 1) // PAGE_SIZE, 1000 // PAGE_SIZE))
    beyond = page > last_page and result.count > 0  # ?pagina=999: one message, not "311 gevonden" beside "geen"
    return render(
        request,
        "catalog/search.html",
        {
            "q": q,
            "sort": result.sort,
            "sorts": [(s, SORTS[s]) for s in SORTS if s in result.sortable],
            "sort_note": contributions.sort_note("quality") if result.sort == "kwaliteit" else "",  # W6: how
            "result": result,
            "rows": rows,
            "facets": facets,
            "selected_count": sum(v.selected for values in result.facets.values() for v in values),
            "notices": [*notices, *result.notices],
            "has_demo": any(p.is_demo for p in rows),
            "page": page,
            "last_page": last_page,
            "previous_url": "?" + urlencode([*base, ("pagina", page - 1)]) if page > 1 else "",
            "next_url": "?" + urlencode([*base, ("pagina", page + 1)]) if page < last_page else "",
            "beyond": beyond,
            "last_url": "?" + urlencode([*base, ("pagina", last_page)]),
            "shortlisted": {str(u) for u in shortlist.uuids(request)},
            "here": request.get_full_path(),
        },
    )


def _product_or_404(product_uuid: str) -> Product:
    try:
        key = uuid.UUID(product_uuid)
    except ValueError as exc:
        raise Http404("Onbekend product") from exc
    product = query.product_detail(key)
    if product is None:
        raise Http404("Onbekend product")
    return product


def product_detail(request: HttpRequest, product_uuid: str) -> HttpResponse:
    product = _product_or_404(product_uuid)
    facts = fetch.facts(product)
    return render(
        request,
        "catalog/detail.html",
        {
            "product": product,
            "facts": facts,
            "current": query.current_prices(product),
            "other_prices": query.other_prices(product),
            "history": list(product.prices.all()),
            "provenance": list(product.provenance.exclude(status=ProvenanceStatus.CLAIM)),
            "claims": _claims(request, product),
            "licence_expired": licence_expired(product.product_state, product.licence_end_date, timezone.localdate()),
            "open_material": query.open_alternatives(product) if product.product_type != "open_resource" else [],
            "shortlisted": product.uuid in shortlist.uuids(request),
            "here": request.get_full_path(),
        },
    )


def _claims(request: HttpRequest, product: Product) -> list[Provenance] | None:
    """What other sources claimed about this product (W5.1): for its owner and platform administrators only."""
    if not accounts.allows(accounts.actor_of(request), accounts.Action.VIEW_CLAIMS, product.owner):
        return None
    return list(product.provenance.filter(status=ProvenanceStatus.CLAIM).order_by("-harvested_at"))


def product_claim(request: HttpRequest, product_uuid: str, claim_pk: int) -> HttpResponse:
    """The raw record of one claim, for the product's owner and platform administrators; viewing it is audited."""
    product = _product_or_404(product_uuid)
    actor = accounts.actor_of(request)
    if not accounts.check(
        actor, accounts.Action.VIEW_CLAIMS, product.owner, object_type="claim", object_id=str(claim_pk)
    ):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        message = "Alleen de eigenaar van dit product en platformbeheerders zien wat andere bronnen erover claimen."
        return render(request, "accounts/forbidden.html", {"message": message}, status=403)
    claim = product.provenance.filter(pk=claim_pk, status=ProvenanceStatus.CLAIM).first()
    if claim is None:
        raise Http404("Onbekende claim")
    accounts.record_audit_event(
        accounts.AuditAction.CLAIM_VIEWED, actor=actor.user, actor_label=actor.label, organisation=product.owner,
        object_type="claim", object_id=str(claim.pk), ip=actor.ip, details={"source": claim.source},
    )  # fmt: skip
    response = HttpResponse(bytes(claim.raw), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="claim-{claim.pk}.txt"'
    return response


def _chosen(request: HttpRequest) -> list[uuid.UUID]:
    found: list[uuid.UUID] = []
    for raw in request.GET.getlist("p"):
        try:
            value = uuid.UUID(raw)
        except ValueError:
            continue
        if value not in found:
            found.append(value)
    return found


def _comparison(request: HttpRequest) -> tuple[list[fetch.ProductFacts], str]:
    chosen = _chosen(request)
    if not MIN_COMPARE <= len(chosen) <= MAX_COMPARE:
        return [], f"Kies {MIN_COMPARE} tot {MAX_COMPARE} producten om te vergelijken (nu {len(chosen)})."
    products = query.products_by_uuid(chosen)
    if len(products) != len(chosen):
        return [], "Een of meer gekozen producten bestaan niet (meer)."
    return [fetch.facts(p) for p in products], ""


def compare(request: HttpRequest) -> HttpResponse:
    columns, problem = _comparison(request)
    return render(
        request,
        "catalog/compare.html",
        {
            "columns": columns,
            "table": fetch.comparison(columns) if columns else [],
            "problem": problem,
            "has_demo": any(f.product.is_demo for f in columns),
            "export_query": urlencode([("p", str(f.product.uuid)) for f in columns]),
        },
    )


def _csv(columns: list[fetch.ProductFacts], filename: str) -> HttpResponse:
    rows = csv_rows([f.product.title for f in columns], fetch.comparison(columns))
    return csv_response(rows, filename=filename, bom=True)


def compare_csv(request: HttpRequest) -> HttpResponse:
    columns, problem = _comparison(request)
    if problem:  # the comparison page explains what is wrong
        return HttpResponseRedirect(f"{reverse('catalog:compare')}?{request.GET.urlencode()}")
    return _csv(columns, "vergelijking.csv")


def shortlist_page(request: HttpRequest) -> HttpResponse:
    products = query.products_by_uuid(shortlist.uuids(request))
    return render(
        request,
        "catalog/shortlist.html",
        {
            "items": [fetch.facts(p) for p in products],
            "has_demo": any(p.is_demo for p in products),
            "compare_query": urlencode([("p", str(p.uuid)) for p in products[:MAX_COMPARE]]),
            "here": request.get_full_path(),
        },
    )


def shortlist_csv(request: HttpRequest) -> HttpResponse:
    columns = [fetch.facts(p) for p in query.products_by_uuid(shortlist.uuids(request))]
    return _csv(columns, "keuzelijst.csv")


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    return HttpResponseRedirect(target if target and safe else fallback)


def _posted_product(request: HttpRequest) -> Product | None:
    try:
        key = uuid.UUID(request.POST.get("product", ""))
    except ValueError:
        return None
    return Product.objects.filter(uuid=key).first()


@require_POST
def shortlist_add(request: HttpRequest) -> HttpResponse:
    product = _posted_product(request)
    if product is None:
        messages.error(request, "Dit product bestaat niet (meer).")
    elif shortlist.add(request, product):
        messages.success(request, f"“{product.title}” staat op uw keuzelijst.")
    else:
        messages.info(request, f"“{product.title}” stond al op uw keuzelijst (of de lijst is vol).")
    return _back(request, "/catalogus/keuzelijst/")


@require_POST
def shortlist_remove(request: HttpRequest) -> HttpResponse:
    product = _posted_product(request)
    if product is not None:
        shortlist.remove(request, product)
        messages.success(request, f"“{product.title}” is van uw keuzelijst gehaald.")
    return _back(request, "/catalogus/keuzelijst/")
