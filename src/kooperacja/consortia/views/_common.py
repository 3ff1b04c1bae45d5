"""Helpers shared by the consortium pages."""

from __future__ import annotations

from django.http import HttpResponse

PAGE_SIZE = 25


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
