from __future__ import annotations

from django.urls import path

from . import views

app_name = "alignment"

urlpatterns = [
    path("", views.method_list, name="methods"),
    path("methode/<uuid:method_uuid>/", views.method_detail, name="method"),
    path("methode/<uuid:method_uuid>/dekking.csv", views.method_csv, name="method_csv"),
    path("methode/<uuid:method_uuid>/inhoudsopgave/", views.method_toc, name="method_toc"),
    path("beoordelen/", views.review_queue, name="review"),
    path("voorstellen/", views.suggest, name="suggest"),
]
