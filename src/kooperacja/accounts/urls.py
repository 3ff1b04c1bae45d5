from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("logowanie/", views.LoginView.as_view(), name="login"),
    path("wyloguj/", views.LogoutView.as_view(), name="logout"),
    path("rejestracja/", views.register, name="register"),
    path("profil/", views.profile, name="profile"),
    path("2fa/weryfikacja/", views.otp_verify, name="otp_verify"),
    path("2fa/konfiguracja/", views.otp_setup, name="otp_setup"),
    path("2fa/kody-zapasowe/", views.backup_codes, name="backup_codes"),
    path("2fa/usun-urzadzenie/", views.otp_device_remove, name="otp_device_remove"),
    path("tokeny/nowy/", views.api_token_create, name="api_token_create"),
    path("tokeny/<int:pk>/uniewaznij/", views.api_token_revoke, name="api_token_revoke"),
    path("haslo/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("haslo/reset/wyslano/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("haslo/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("haslo/reset/gotowe/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
