"""Every write of ingest (style.md §2), one module per concept (as Zulip's `zerver/actions/`):

- `runs`: a run from start to finish: its row, the import slot, batches, all or nothing, its summary;
- `batch`: the one batch step (prepare, catalogue, quarantine), shared by a delivery and re-processing;
- `reprocess`: re-processing a source's quarantine;
- `sources`: registering and configuring sources;
- `audit`: deliveries and raw-record views in the audit log.

The names below are the ones the rest of ingest uses (`from wijzer.ingest import actions`); tests that change a
setting of one module (`runs.BATCH_SIZE`) patch that module.
"""

from .audit import do_record_delivery, do_record_raw_view
from .reprocess import do_reprocess_quarantine
from .runs import (
    WAIT_SECONDS,
    Progress,
    RunBusyError,
    RunFailedError,
    do_ingest,
    do_ingest_pipelined,
    do_start_run,
)
from .sources import (
    do_configure_source,
    do_ensure_source,
    do_register_source,
    do_set_source_checkpoint,
    do_set_source_param,
)

__all__ = [
    "WAIT_SECONDS",
    "Progress",
    "RunBusyError",
    "RunFailedError",
    "do_configure_source",
    "do_ensure_source",
    "do_ingest",
    "do_ingest_pipelined",
    "do_record_delivery",
    "do_record_raw_view",
    "do_register_source",
    "do_reprocess_quarantine",
    "do_set_source_checkpoint",
    "do_set_source_param",
    "do_start_run",
]
