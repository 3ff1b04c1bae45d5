from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from kooperacja.core.fields import LongSelect, ModelForm

from .models import User


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Adres e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": _(
            "Nieprawidłowy adres e-mail lub hasło. Uwaga: po 5 nieudanych próbach konto zostanie czasowo zablokowane."
        ),
        "inactive": _("To konto jest nieaktywne."),
    }


class OtpTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Kod z aplikacji uwierzytelniającej lub kod zapasowy"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip().replace(" ", "")


class PasswordConfirmForm(forms.Form):
    """Re-entering the password before a change of the second factor: a stolen session alone cannot do it."""

    password = forms.CharField(
        label=_("Twoje obecne hasło"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Hasło jest nieprawidłowe."))
        return password


class OtpSetupForm(PasswordConfirmForm):
    name = forms.CharField(
        label=_("Nazwa urządzenia (np. telefon służbowy)"),
        max_length=64,
        required=False,
    )
    token = forms.CharField(
        label=_("Sześciocyfrowy kod z aplikacji"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    field_order = ("token", "name", "password")

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError(_("Wpisz sześć cyfr widocznych w aplikacji uwierzytelniającej."))
        return token


class DeviceRemoveForm(PasswordConfirmForm):
    device = forms.TypedChoiceField(label=_("Urządzenie do usunięcia"), coerce=int, widget=forms.RadioSelect)

    field_order = ("device", "password")

    def __init__(self, *args: Any, devices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["device"].choices = [
            (d.pk, _("%(name)s (dodane %(date)s)") % {"name": d.name, "date": date_format(localtime(d.created_at))})
            if d.created_at
            else (d.pk, d.name)
            for d in devices
        ]


class RegistrationForm(ModelForm):
    password1 = forms.CharField(
        label=_("Hasło"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Powtórz hasło"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    class Meta:
        model = User
        fields = ("full_name", "email", "home_territory")
        widgets = {"home_territory": LongSelect()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kooperacja.core.models import Territory

        self.fields["home_territory"].queryset = Territory.objects.filter(kind="gmina").order_by("name")
        self.fields["home_territory"].required = False

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Konto z tym adresem e-mail już istnieje. Zaloguj się lub zresetuj hasło."))
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Hasła nie są takie same."))
        if p1:
            try:
                password_validation.validate_password(
                    p1, User(email=data.get("email", ""), full_name=data.get("full_name", ""))
                )
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ProfileForm(ModelForm):
    class Meta:
        model = User
        fields = ("full_name", "phone", "language", "home_territory")
        widgets = {"home_territory": LongSelect()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kooperacja.core.models import Territory

        self.fields["home_territory"].queryset = Territory.objects.filter(kind="gmina").order_by("name")


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Nazwa tokenu (np. system dziedzinowy OPS)"), max_length=80)
