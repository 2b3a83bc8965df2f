from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.product_list, name="list"),
    path("vergelijk/", views.compare, name="compare"),
    path("vergelijk/export.csv", views.compare_csv, name="compare_csv"),
    path("keuzelijst/", views.shortlist_page, name="shortlist"),
    path("keuzelijst/export.csv", views.shortlist_csv, name="shortlist_csv"),
    path("keuzelijst/toevoegen/", views.shortlist_add, name="shortlist_add"),
    path("keuzelijst/verwijderen/", views.shortlist_remove, name="shortlist_remove"),
    path("<str:product_uuid>/", views.product_detail, name="detail"),
    path("<str:product_uuid>/claims/<int:claim_pk>/", views.product_claim, name="claim"),
]
