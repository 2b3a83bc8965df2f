"""Fetching catalogue pages from remote sources (SRU, OAI-PMH, Edu-V Catalogue API), page by page.

Pure Python (no Django). Harvesters only fetch; ``wijzer.ingest.formats`` parses the page bodies. Typical use::

    harvester = SruHarvester("https://catalogusservice.edurep.nl/", "*", "eckcs2.5.2")
    spool = Spool(directory)
    spool.resume(harvester)          # HarvestError on failure; call again later to continue
    adapter = default_registry.get(harvester.format_hint)
    for path in spool.pages_on_disk():
        with path.open("rb") as stream:
            results = list(adapter.parse(stream))
"""

from wijzer.ingest.harvest.base import Checkpoint, Harvester, Page
from wijzer.ingest.harvest.eduv import EduvHarvester
from wijzer.ingest.harvest.errors import HarvestError
from wijzer.ingest.harvest.http import FetchOptions, fetch
from wijzer.ingest.harvest.oai import OaiPmhHarvester
from wijzer.ingest.harvest.spool import Spool
from wijzer.ingest.harvest.sru import SruHarvester

__all__ = [
    "Checkpoint",
    "EduvHarvester",
    "FetchOptions",
    "HarvestError",
    "Harvester",
    "OaiPmhHarvester",
    "Page",
    "Spool",
    "SruHarvester",
    "fetch",
]
