"""The audit log is append-only: in code, in the admin and in the database."""

from __future__ import annotations

from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

import pytest

from wijzer.accounts.actions import do_record_audit_event
from wijzer.accounts.constants import AuditAction
from wijzer.accounts.models import AuditEvent

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_saving_or_deleting_an_existing_event_is_refused():
    event = do_record_audit_event(AuditAction.LOGIN_FAILED, actor_label="x@example.nl")
    event.actor_label = "y@example.nl"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(actor_label="z")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).actor_label == "x@example.nl"


def test_the_database_refuses_an_update_behind_the_models_back():
    event = do_record_audit_event(AuditAction.LOGIN_FAILED, actor_label="x@example.nl")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET actor_label = 'vervalst' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).actor_label == "x@example.nl"


def test_the_admin_offers_no_add_change_or_delete():
    admin = site._registry[AuditEvent]
    request = RequestFactory().get("/beheer/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    assert admin.has_add_permission(request) is False
    assert admin.has_change_permission(request) is False
    assert admin.has_delete_permission(request) is False
