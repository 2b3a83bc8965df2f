from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from wijzer.api import api
from wijzer.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("curriculum/", include("wijzer.curriculum.urls")),
    path("catalogus/", include("wijzer.catalog.urls")),
    path("aanlevering/", include("wijzer.ingest.urls")),
    path("kerndoeldekking/", include("wijzer.alignment.urls")),
    path("kwaliteit/", include("wijzer.quality.urls")),
    path("markt/", include("wijzer.market.urls")),
    path("keuzehulp/", include("wijzer.choice.urls")),
    path("", include("wijzer.accounts.urls")),
    path("api/v1/", api.urls),
    path("beheer/", admin.site.urls),
]

handler400 = "wijzer.web.views.bad_request"
handler403 = "wijzer.web.views.permission_denied"
handler404 = "wijzer.web.views.page_not_found"
handler500 = "wijzer.web.views.server_error"
