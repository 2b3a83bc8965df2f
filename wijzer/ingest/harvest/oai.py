"""OAI-PMH 2.0 ``ListRecords`` harvesting (NL-LOM providers), following ``resumptionToken``.

The first request carries ``metadataPrefix`` and the optional ``set``, ``from`` and ``until``; every next
request carries only ``verb`` and ``resumptionToken`` (as the protocol requires). For an incremental run pass
the date of the last successful harvest as ``from_date``. ``noRecordsMatch`` simply ends the harvest.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from wijzer.ingest.harvest.base import DEFAULT_MAX_PAGES, Harvester, Params, Step
from wijzer.ingest.harvest.errors import HarvestError
from wijzer.ingest.harvest.http import FetchOptions
from wijzer.ingest.harvest.xmlscan import Scan, scan

OAI_NAMESPACE = "http://www.openarchives.org/OAI/2.0/"
DateLike = str | datetime.date | datetime.datetime


def oai_date(value: DateLike) -> str:
    """An OAI-PMH datestamp: ``YYYY-MM-DD`` for a date, ``YYYY-MM-DDThh:mm:ssZ`` (UTC) for an aware datetime."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError("use a timezone-aware datetime for OAI-PMH from/until")
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class OaiPmhHarvester(Harvester):
    """Harvest ``ListRecords`` in ``metadata_prefix`` (optionally one set, optionally changed since a date)."""

    protocol: ClassVar[str] = "oai-pmh"
    loop_message_nl: ClassVar[str] = "De OAI-PMH-bron gaf een resumptionToken terug die al eerder is gebruikt"

    def __init__(
        self,
        base_url: str,
        metadata_prefix: str = "lom",
        set_spec: str | None = None,
        from_date: DateLike | None = None,
        until_date: DateLike | None = None,
        *,
        format_hint: str = "nl_lom",
        options: FetchOptions | None = None,
        max_pages: int = DEFAULT_MAX_PAGES,
    ) -> None:
        super().__init__(base_url, options=options, max_pages=max_pages)
        self.metadata_prefix = metadata_prefix
        self.set_spec = set_spec
        self.from_date = None if from_date is None else oai_date(from_date)
        self.until_date = None if until_date is None else oai_date(until_date)
        self.format_hint = format_hint

    def first_params(self) -> Params:
        optional = (("set", self.set_spec), ("from", self.from_date), ("until", self.until_date))
        return (
            ("verb", "ListRecords"),
            ("metadataPrefix", self.metadata_prefix),
            *((name, value) for name, value in optional if value),
        )

    def read(self, body: bytes, params: Params, url: str) -> Step:
        result = scan(body, url, max_depth=2)
        if result.root != "OAI-PMH" or result.namespace != OAI_NAMESPACE:
            raise HarvestError(
                "oai.not_oai",
                f"De bron gaf geen OAI-PMH-antwoord terug (hoofdelement <{result.root}>; {url}): controleer of de "
                "URL naar een OAI-PMH-endpoint wijst.",
                url=url,
            )
        errors = result.all("error")
        if errors:
            codes = {node.get("code") for node in errors}
            if codes == {"noRecordsMatch"}:
                return Step(0, None)
            raise self._error(errors[0].get("code"), errors[0].text, url)
        token = result.text("ListRecords", "resumptionToken")
        return Step(_records(result), (("verb", "ListRecords"), ("resumptionToken", token)) if token else None)

    def _error(self, code: str, text: str, url: str) -> HarvestError:
        hints = {
            "badResumptionToken": "de resumptionToken is verlopen of ongeldig: start de harvest opnieuw vanaf "
            "het begin (of vanaf de datum van de laatste geslaagde harvest).",
            "cannotDisseminateFormat": f"de bron levert geen records in metadataPrefix '{self.metadata_prefix}': "
            "controleer de metadataPrefix (bijvoorbeeld 'lom').",
            "noSetHierarchy": "de bron kent geen sets: laat de set leeg.",
        }
        hint = hints.get(code, "controleer de URL en de parameters (metadataPrefix, set, from, until).")
        return HarvestError(
            "oai.bad_resumption_token" if code == "badResumptionToken" else "oai.error",
            f"De OAI-PMH-bron meldt fout '{code}' ({text or 'geen omschrijving'}; {url}): {hint}",
            url=url,
        )


def _records(result: Scan) -> int:
    return result.count("ListRecords", "record")
