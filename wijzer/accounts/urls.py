from django.urls import path

from . import organisation_views, views

app_name = "accounts"

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/inloggen/", views.login_view, name="login"),
    path("account/uitloggen/", views.logout_view, name="logout"),
    path("account/rol/", views.switch_role, name="switch_role"),
    path("account/tweestaps/instellen/", views.two_factor_setup, name="two_factor_setup"),
    path("account/tweestaps/controle/", views.two_factor_verify, name="two_factor_verify"),
    path("account/wachtwoord-vergeten/", views.password_reset, name="password_reset"),
    path("account/wachtwoord-vergeten/verstuurd/", views.password_reset_done, name="password_reset_done"),
    path("account/herstel/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("account/herstel/klaar/", views.password_reset_complete, name="password_reset_complete"),
    path("uitnodiging/<str:secret>/", views.accept_invitation, name="accept_invitation"),
    path("organisaties/<uuid:organisation_uuid>/", organisation_views.organisation_detail, name="organisation"),
    path("organisaties/<uuid:organisation_uuid>/sleutels/", organisation_views.organisation_tokens, name="tokens"),
    path(
        "organisaties/<uuid:organisation_uuid>/sleutels/<uuid:token_uuid>/intrekken/",
        organisation_views.revoke_token,
        name="revoke_token",
    ),
    path("organisaties/<uuid:organisation_uuid>/uitnodigen/", organisation_views.invite, name="invite"),
    path("organisaties/<uuid:organisation_uuid>/logboek/", organisation_views.audit_log, name="audit"),
    path("organisaties/<uuid:organisation_uuid>/logboek/export/", organisation_views.audit_export, name="audit_export"),
]
