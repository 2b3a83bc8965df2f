from __future__ import annotations

from pathlib import Path

import pytest

FORMATS = Path(__file__).resolve().parents[1] / "formats"
ECK_SAMPLE = FORMATS / "eck_catalog" / "tests" / "fixtures" / "thiememeulenhoff__sru-2.5.2.xml"
LOM_COMPLETE = FORMATS / "nl_lom" / "tests" / "fixtures" / "kennisnet__nllom-complete.xml"
LOM_MINIMAL = FORMATS / "nl_lom" / "tests" / "fixtures" / "kennisnet__nllom-minimal.xml"
IMS_COMPLETE = FORMATS / "nl_lom" / "tests" / "fixtures" / "pylom__ims-complete.xml"
OAI_OBK = FORMATS / "nl_lom" / "tests" / "fixtures" / "handmade__oai-listrecords-obk.xml"
LOGIN_PAGE = FORMATS / "eck_catalog" / "tests" / "fixtures" / "handmade__login-page.html"


@pytest.fixture
def eck_bytes() -> bytes:
    return ECK_SAMPLE.read_bytes()
