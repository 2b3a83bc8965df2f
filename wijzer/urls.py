from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from wijzer.api import api
from wijzer.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("curriculum/", include("wijzer.curriculum.urls")),
    path("catalogus/", include("wijzer.catalog.urls")),
    path("aanlevering/", include("wijzer.ingest.urls")),
    path("kerndoeldekking/", include("wijzer.alignment.urls")),
    path("", include("wijzer.accounts.urls")),
    path("api/v1/", api.urls),
    path("beheer/", admin.site.urls),
]

handler400 = "wijzer.core.views.bad_request"
handler403 = "wijzer.core.views.permission_denied"
handler404 = "wijzer.core.views.page_not_found"
handler500 = "wijzer.core.views.server_error"
