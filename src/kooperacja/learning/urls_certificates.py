"""Public certificate verification (`/certyfikaty/<code>/`), open to anyone without login."""

from django.urls import path

from .views import certificates

app_name = "certificates"

urlpatterns = [
    path("", certificates.verify_form, name="verify_form"),
    path("<str:code>/", certificates.verify, name="verify"),
]
