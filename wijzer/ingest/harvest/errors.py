"""``HarvestError``: every harvesting problem, with a Dutch message for the operator."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wijzer.ingest.harvest.base import Checkpoint


class HarvestError(Exception):
    """A harvest could not continue.

    ``code`` is a stable dotted machine code (``"http.status"``, ``"oai.bad_resumption_token"``),
    ``message_nl`` tells the operator in Dutch what went wrong and what to do, ``url`` is the request that
    failed (if any) and ``checkpoint`` the state after the last good page: resume from there.
    ``retryable`` marks transient failures (5xx, time-outs, broken connections) that ``fetch`` retries.
    """

    def __init__(
        self,
        code: str,
        message_nl: str,
        *,
        url: str = "",
        checkpoint: Checkpoint | None = None,
        retryable: bool = False,
    ) -> None:
        super().__init__(message_nl)
        self.code = code
        self.message_nl = message_nl
        self.url = url
        self.checkpoint = checkpoint
        self.retryable = retryable

    def __str__(self) -> str:
        return f"[{self.code}] {self.message_nl}"
