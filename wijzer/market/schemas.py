"""API schemas of the market monitor (W7 §9): CPI, price index, LiFo share, concentration. Descriptions in Dutch."""

from __future__ import annotations

from ninja import Field, Schema


class DetailOut(Schema):
    detail: str = Field(description="Wat er mis is, in het Nederlands, met wat u kunt doen.")
    fields: dict[str, str] | None = Field(None, description="Per parameter wat er mis is (bij 422).")


# --- CPI ------------------------------------------------------------------------------------------------------------


class CpiPointOut(Schema):
    year: int = Field(description="Kalenderjaar.")
    index: float = Field(description="Jaargemiddelde van de CPI, 2015 = 100.")
    status: str = Field(description="official: gepubliceerd cijfer van het CBS; computed: berekend (zie note).")
    note: str = Field(description="Herkomst van het cijfer.")


class CpiOut(Schema):
    base_year: int = Field(description="Het jaar waarin de index 100 is (2015).")
    series: list[CpiPointOut]
    name: str = Field(description="Naam van de reeks.")
    source: str = Field(description="De bron (CBS StatLine-tabellen).")
    source_url: str
    licence: str


# --- price index ----------------------------------------------------------------------------------------------------


class IndexPointOut(Schema):
    year: int
    index: float | None = Field(description="Jevons-kettingindex (basisjaar = 100); null: geen prijzen dit jaar.")
    base_year: int | None = Field(description="Het jaar waarin deze reeks op 100 staat.")
    new_base: bool = Field(description="De reeks begint hier (opnieuw) bij 100; niet vergelijkbaar met ervoor.")
    n_products: int = Field(description="Producten met een prijs per leerling (> 0) in dit jaar.")
    n_matched: int = Field(description="Daarvan ook met een prijs in het jaar ervoor: deze bepalen de verandering.")
    nominal_change: float | None = Field(description="Nominale verandering in procent: I(j)/I(j-1) - 1.")
    real_change: float | None = Field(description="Reële verandering in procent: (1 + nominaal)/(1 + CPI) - 1.")
    cpi_change: float | None = Field(description="Verandering van de CPI in procent.")
    cpi_index: float | None = Field(description="CPI herberekend op het basisjaar van de reeks (= 100).")
    laspeyres: float | None = Field(description="Laspeyres-kettingindex waar het gebruik bekend is; anders null.")
    laspeyres_n_matched: int = Field(description="Producten met bekend gebruik die de Laspeyres-index bepalen.")
    reason: str | None = Field(description="Waarom een cijfer ontbreekt of de reeks opnieuw begint.")


class PriceIndexOut(Schema):
    sector: str = Field(description="Sector (po, vo, so, vso) of 'alle'.")
    subject: str = Field(description="SLO-id van het vak of 'alle'.")
    subject_name: str
    formula: str = Field(description="Hoe de index berekend is.")
    demo: bool = Field(description="Er tellen voorbeeldgegevens mee.")
    series: list[IndexPointOut]


# --- LiFo share -----------------------------------------------------------------------------------------------------


class LifoPointOut(Schema):
    year: int
    n_paid: int = Field(description="Betaalde producten met een prijs per leerling.")
    n_lifo: int = Field(description="Daarvan verkocht als LiFo (licentie + folio).")
    share_by_count: float | None = Field(description="n_lifo / n_paid in procent.")
    n_with_volume: int = Field(description="Betaalde producten met een prijs én bekend gebruik.")
    share_by_value: float | None = Field(description="Som p×q van LiFo / som p×q van alle, in procent.")
    reason: str | None


class LifoShareOut(Schema):
    sector: str
    subject: str
    subject_name: str
    formula: str
    demo: bool
    series: list[LifoPointOut]


# --- concentration --------------------------------------------------------------------------------------------------


class OwnerShareOut(Schema):
    name: str = Field(description="Eigenaarsgroep (de top van de eigendomsketen van de uitgever).")
    country: str = Field(description="Land van de eigenaar (ISO 3166); leeg = onbekend.")
    share: float = Field(description="Aandeel in procent, op één decimaal; de aandelen tellen op tot 100.")


class ConcentrationTrendOut(Schema):
    year: int
    hhi: float | None
    cr3: float | None
    flag: str


class ConcentrationOut(Schema):
    sector: str
    subject: str
    subject_name: str
    year: int | None = Field(description="Het jaar van de aandelen.")
    measure: str = Field(description="methods (aantal methodes), value (cataloguswaarde) of adoption (gebruik).")
    measure_label: str
    hhi: float | None = Field(description="Herfindahl-Hirschman-index: som van de gekwadrateerde aandelen (0–10.000).")
    cr3: float | None = Field(description="Som van de drie grootste aandelen, in procent.")
    flag: str = Field(description="sterk geconcentreerd (> 2.500), matig (1.500–2.500), niet, of geen gegevens.")
    foreign_share: float | None = Field(description="Aandeel van eigenaars buiten Nederland, in procent.")
    unknown_country_share: float | None = Field(description="Aandeel van eigenaars met onbekend land, in procent.")
    n_owners: int
    owners: list[OwnerShareOut]
    trend: list[ConcentrationTrendOut] = Field(
        description="HHI en CR3 per jaar; alleen voor de gevraagde sector en vak, anders leeg."
    )


class ConcentrationListOut(Schema):
    count: int
    items: list[ConcentrationOut]
    demo: bool = Field(description="Er tellen voorbeeldgegevens mee.")
