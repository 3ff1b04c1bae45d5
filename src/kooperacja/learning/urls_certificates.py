"""Public certificate verification (`/certyfikaty/<code>/`), open to anyone without login."""

from django.urls import path  # noqa: F401

app_name = "certificates"

urlpatterns: list = []
