"""Errors of accounts. Every message is Dutch: it is shown to the person or machine that caused it."""

from __future__ import annotations


class AccessDenied(Exception):
    """The active role may not do this (for this organisation)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvitationInvalid(Exception):
    """The invitation link is unknown, expired, already used or meant for someone else."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RoleNotAllowed(ValueError):
    """The role cannot be held at this kind of organisation, or the inviter may not hand it out."""


class DelegationInvalid(ValueError):
    """A delegation that cannot be granted (wrong kinds, unknown fields, to oneself). The message says why."""
