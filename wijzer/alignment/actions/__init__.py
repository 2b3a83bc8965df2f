"""Every write of the alignment app (style.md §2), one module per concept (as Zulip's `zerver/actions/`):

- `parts`: method parts (`do_upsert_part`);
- `links`: declared and suggested links (`do_declare_alignments`, `do_record_suggestions`, demo clean-up);
- `review`: a reviewer confirms or rejects links, audited (`do_review_alignments`);
- `toc`: a delivered table of contents, suggested for before its one write transaction (`do_import_toc`).

The pure parts live in `domain/`: declared-code resolution in `domain.declared`, the import report in
`domain.toc_report`. The names below are the surface the views, API, commands and demo loader use.
"""

from .links import DeclareResult, do_declare_alignments, do_drop_stale_demo_links, do_record_suggestions
from .parts import PartSpec, do_upsert_part
from .review import ReasonRequired, do_review_alignments
from .toc import do_import_toc

__all__ = [
    "DeclareResult",
    "PartSpec",
    "ReasonRequired",
    "do_declare_alignments",
    "do_drop_stale_demo_links",
    "do_import_toc",
    "do_record_suggestions",
    "do_review_alignments",
    "do_upsert_part",
]
