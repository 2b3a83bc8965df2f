"""Forms of accounts: Dutch labels and messages, errors linked to their fields (aria-describedby)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from .constants import Role, Scope


class AccessibleErrorsMixin:
    """After validation, point each invalid input at its error text (`<id>_fout`) for screen readers."""

    def is_valid(self) -> bool:
        valid: bool = super().is_valid()  # type: ignore[misc]  # mixin used with forms.Form only
        for name in self.errors:  # type: ignore[attr-defined]  # idem
            if name in self.fields:  # type: ignore[attr-defined]  # idem
                bound = self[name]  # type: ignore[index]  # idem
                described = f"{bound.auto_id}_fout"
                bound.field.widget.attrs["aria-describedby"] = described
                bound.field.widget.attrs["aria-invalid"] = "true"
        return valid


class LoginForm(AccessibleErrorsMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True})
    )
    password = forms.CharField(
        label=_("Wachtwoord"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("Dit e-mailadres en wachtwoord horen niet bij elkaar. Controleer ze en probeer opnieuw."),
        "inactive": _("Dit account is uitgeschakeld. Neem contact op met uw organisatie."),
    }


class TotpForm(AccessibleErrorsMixin, forms.Form):
    code = forms.RegexField(
        label=_("Code uit uw authenticator-app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Vul de zes cijfers in die uw app nu toont.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}),
    )


class RoleSwitchForm(forms.Form):
    membership = forms.UUIDField(label=_("Rol"))


class TokenCreateForm(AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("Naam van de sleutel"),
        max_length=100,
        help_text=_("Bijvoorbeeld het systeem dat de sleutel gebruikt."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Bevoegdheden"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één bevoegdheid.")},
    )
    days = forms.TypedChoiceField(
        label=_("Geldig"),
        coerce=int,
        choices=[(30, _("30 dagen")), (90, _("90 dagen")), (365, _("1 jaar"))],
        initial=90,
    )

    def __init__(self, *args: Any, scopes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Scope.choices)
        self.fields["scopes"].choices = [(scope, labels[scope]) for scope in scopes]  # type: ignore[attr-defined]  # MultipleChoiceField


class InvitationForm(AccessibleErrorsMixin, forms.Form):
    email = forms.EmailField(label=_("E-mailadres"))
    role = forms.ChoiceField(label=_("Rol"))

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.fields["role"].choices = [(role, labels[role]) for role in roles]  # type: ignore[attr-defined]  # ChoiceField


class InvitedRegistrationForm(AccessibleErrorsMixin, forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    password1 = forms.CharField(
        label=_("Kies een wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minstens 12 tekens, niet alleen cijfers en geen veelgebruikt wachtwoord."),
    )
    password2 = forms.CharField(
        label=_("Herhaal het wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
            if self.email.split("@")[0].lower() in first.lower():
                self.add_error("password1", _("Het wachtwoord mag uw e-mailadres niet bevatten."))
        return cleaned


class DutchPasswordResetForm(AccessibleErrorsMixin, PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mailadres"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class DutchSetPasswordForm(AccessibleErrorsMixin, SetPasswordForm):  # type: ignore[type-arg]  # generic only in stubs
    error_messages = {"password_mismatch": _("De twee wachtwoorden zijn niet gelijk.")}
