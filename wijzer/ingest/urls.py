from django.urls import path

from . import views

app_name = "ingest"

urlpatterns = [
    path("", views.sources, name="sources"),
    path("aanleveren/", views.upload, name="upload"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("bronnen/<slug:name>/", views.source_report, name="report"),
    path("bronnen/<slug:name>/rapport.csv", views.source_report_csv, name="report_csv"),
    path("bronnen/<slug:name>/herverwerken/", views.reprocess, name="reprocess"),
    path("bronnen/<slug:name>/quarantaine/<int:record_pk>/", views.quarantined_raw, name="quarantined_raw"),
]
