"""API of the market monitor's figures (W7 §9), mounted under /api/v1/market by `market.api`. All public: prices
and owners are public data.

- `GET /cpi`: the CBS CPI (2015 = 100) per year as shipped, with per year whether it is an official or a computed
  figure, and the source.
- `GET /price-index?sector=&subject=`: the Jevons (and, where the use is known, Laspeyres) chain index per year with
  n matched, nominal and real change.
- `GET /lifo-share?sector=&subject=`: the LiFo share per year by count and by value.
- `GET /concentration?sector=&subject=&measure=`: per sector x subject the owner shares in the last year, HHI, CR3,
  the flag, the foreign share and the HHI trend.

The figures come from `monitor` (the same as the dashboard's). An unknown sector or subject is a Dutch 404, an
unknown measure a Dutch 422, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from ninja import Field, Query, Router, Schema, Status

from . import monitor
from .exceptions import MarketError, api_refusal
from .schemas import ConcentrationListOut, CpiOut, DetailOut, LifoShareOut, PriceIndexOut

router = Router(tags=["markt"])


class SegmentQuery(Schema):
    sector: str = Field("alle", max_length=20, description="po, vo, so, vso of 'alle' (standaard).")
    subject: str = Field("alle", max_length=80, description="Vak (SLO-id, zoals in de catalogus) of 'alle'.")


class ConcentrationQuery(Schema):
    sector: str = Field("", max_length=20, description="po, vo, so, vso of 'alle'; leeg: elke sector.")
    subject: str = Field("", max_length=80, description="Vak (SLO-id) of 'alle'; leeg: elk vak.")
    measure: str = Field("methods", max_length=20, description="methods (standaard), value of adoption.")


def _answer(compute: Callable[[], dict[str, object]]) -> Any:
    try:
        return compute()
    except MarketError as refused:
        status, body = api_refusal(refused)
        return Status(status, body)


@router.get("/cpi", response={200: CpiOut}, summary="Consumentenprijsindex (CBS, 2015 = 100)")
def get_cpi(request: HttpRequest) -> Any:
    """De consumentenprijsindex van het CBS per jaar (jaargemiddelde, 2015 = 100), met per jaar of het een
    gepubliceerd (official) of een berekend (computed) cijfer is, en de bron."""
    return _answer(monitor.cpi_api)


@router.get(
    "/price-index",
    response={200: PriceIndexOut, 404: DetailOut, 422: DetailOut},
    summary="Prijsindex van leermiddelen per jaar",
)
def get_price_index(request: HttpRequest, query: Query[SegmentQuery]) -> Any:
    """De prijsindex (Jevons-kettingindex over gematchte producten, basisjaar = 100) per jaar voor een sector en
    vak, met n gematcht, de nominale en reële verandering en de CPI op hetzelfde basisjaar; de Laspeyres-index waar
    het gebruik bekend is."""
    return _answer(lambda: monitor.price_index_api(query.sector, query.subject))


@router.get(
    "/lifo-share",
    response={200: LifoShareOut, 404: DetailOut, 422: DetailOut},
    summary="Aandeel LiFo per jaar",
)
def get_lifo_share(request: HttpRequest, query: Query[SegmentQuery]) -> Any:
    """Het aandeel LiFo (licentie + folio) per jaar voor een sector en vak: naar aantal betaalde producten met een
    prijs, en naar waarde (prijs maal gebruik) waar het gebruik bekend is."""
    return _answer(lambda: monitor.lifo_api(query.sector, query.subject))


@router.get(
    "/concentration",
    response={200: ConcentrationListOut, 404: DetailOut, 422: DetailOut},
    summary="Marktconcentratie per sector en vak",
)
def get_concentration(request: HttpRequest, query: Query[ConcentrationQuery]) -> Any:
    """Per sector en vak de aandelen van de eigenaarsgroepen in het laatste jaar (in procent), de HHI (som van de
    gekwadrateerde aandelen), de CR3 (de drie grootste samen), de vlag 'sterk geconcentreerd' boven 2.500, het
    aandeel onder buitenlands eigendom; voor de gevraagde sector en vak ook de HHI per jaar. Maatstaf: aantal
    methodes (methods), cataloguswaarde (value) of gebruik (adoption)."""
    return _answer(lambda: monitor.concentration_api(query.sector, query.subject, query.measure))
