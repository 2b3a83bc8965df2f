"""The audit vocabulary is a registry filled by each app at start-up; the log refuses unknown actions."""

from django.db import models

import pytest

from wijzer.accounts import audit_registry
from wijzer.accounts.actions import do_record_audit_event
from wijzer.accounts.constants import AuditAction
from wijzer.accounts.models import AuditEvent


@pytest.mark.django_db
def test_unknown_action_is_refused_and_nothing_is_written():
    with pytest.raises(ValueError, match="Unknown audit action"):
        do_record_audit_event("nobody.declared.this", actor_label="test")
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
def test_registered_action_is_written_with_its_label():
    event = do_record_audit_event(AuditAction.TOKEN_CREATED, actor_label="test")
    assert event.action_label == "API-sleutel gemaakt"


def test_registering_the_same_value_with_another_label_fails():
    class Clash(models.TextChoices):
        TOKEN_CREATED = "token.created", "Iets anders"

    with pytest.raises(ValueError, match="registered twice"):
        audit_registry.register(Clash)


def test_an_action_no_longer_registered_still_reads():
    assert audit_registry.label("old.action") == "old.action"


def test_every_app_registers_its_own_audit_actions_and_accounts_has_no_migration_for_them():
    """W5.4 §3: alignment and ingest declare their audit vocabulary; the audit log knows it without a migration."""
    for action in ("alignment.confirmed", "alignment.imported", "catalog.delivered", "source.registered"):
        assert audit_registry.is_known(action), action
    assert not {a.value for a in AuditAction} & {"alignment.confirmed", "catalog.delivered"}  # not in accounts
    assert not AuditEvent._meta.get_field("action").choices  # no choices: a new action never migrates accounts
