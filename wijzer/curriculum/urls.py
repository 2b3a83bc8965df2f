from django.urls import path

from . import views

app_name = "curriculum"

urlpatterns = [
    path("", views.sectors, name="sectors"),
    path("zoeken/", views.search, name="search"),
    path("doel/<str:goal_id>/", views.goal, name="goal"),
    path("<str:sector>/", views.subjects, name="subjects"),
    path("<str:sector>/<slug:subject>/", views.subject_goals, name="subject"),
]
