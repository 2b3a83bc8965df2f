"""A refused or failed upload leaves no file in the upload directory (W5.1 item 7e)."""

from __future__ import annotations

import errno

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.test import Client

import pytest

from wijzer.accounts.constants import OrganisationKind, Role
from wijzer.accounts.tests.factories import MembershipFactory, OrganisationFactory
from wijzer.accounts.tests.helpers import login_as
from wijzer.catalog.models import Product
from wijzer.ingest import service
from wijzer.ingest.models import Run

from .conftest import ECK_SAMPLE, LOGIN_PAGE

pytestmark = pytest.mark.usefixtures("slo")
UPLOAD = "/aanlevering/aanleveren/"


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    return settings.UPLOAD_DIR


@pytest.fixture
def editor():
    client = Client(raise_request_exception=False)
    publisher = OrganisationFactory(kind=OrganisationKind.PUBLISHER, name="Uitgeverij Proef")
    login_as(client, MembershipFactory(role=Role.PUBLISHER_EDITOR, organisation=publisher))
    return client


def _files(directory):
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def _post(client, data: bytes, name="levering.xml", source="proef-upload"):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(UPLOAD, {"bestand": upload, "bron": source, "formaat": "auto"})


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_an_accepted_upload_is_deleted_once_imported(editor, upload_dir):
    response = _post(editor, ECK_SAMPLE.read_bytes())
    assert response.status_code == 302
    assert Run.objects.get().received == 10
    assert _files(upload_dir) == []


def test_an_upload_in_an_unknown_format_is_refused_and_deleted(editor, upload_dir):
    response = _post(editor, LOGIN_PAGE.read_bytes(), name="inlog.html")
    assert response.status_code == 302
    assert len(_messages(response)) == 1
    assert Run.objects.count() == 0
    assert _files(upload_dir) == []


def test_an_upload_whose_records_fail_is_deleted(editor, upload_dir):
    response = _post(editor, b"<?xml version='1.0'?><srw:searchRetrieveResponse xmlns:srw='x'><a></b>")
    assert response.status_code == 302
    assert Run.objects.get().status == "partial"
    assert Product.objects.count() == 0
    assert _files(upload_dir) == []


def test_an_upload_whose_import_crashes_is_deleted(editor, upload_dir, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("onverwacht")

    monkeypatch.setattr(service, "run_adapter", crash)
    response = _post(editor, ECK_SAMPLE.read_bytes())
    assert response.status_code == 500
    assert _files(upload_dir) == []


def test_an_upload_whose_run_cannot_start_is_deleted(editor, upload_dir, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr(service, "start_run", broken)
    response = _post(editor, ECK_SAMPLE.read_bytes())
    assert response.status_code == 500
    assert _files(upload_dir) == []


def test_an_upload_that_fills_the_disk_is_deleted_with_a_dutch_message(editor, upload_dir, monkeypatch):
    def full_disk(self, chunk_size=None):
        yield b"<?xml version='1.0'?>"
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(InMemoryUploadedFile, "chunks", full_disk)
    response = _post(editor, ECK_SAMPLE.read_bytes())
    assert response.status_code == 302
    assert _messages(response) == [
        "Het bestand kon niet worden opgeslagen (de schijf van de server is vol of niet beschrijfbaar). "
        "Er is niets ingelezen; probeer het later opnieuw of neem contact op met de beheerder."
    ]
    assert Run.objects.count() == 0
    assert _files(upload_dir) == []


def test_an_upload_refused_for_rights_writes_no_file(upload_dir):
    client = Client()
    login_as(client, MembershipFactory(role=Role.TEACHER, organisation=OrganisationFactory(school=True)))
    response = _post(client, ECK_SAMPLE.read_bytes())
    assert response.status_code == 403
    assert _files(upload_dir) == []
