from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from . import pagecache
from .nav import widgets_for

# the anonymous home page from the cache (issue 15 §3): its widgets show open calls and consultations
HOME_TAG = "home"
pagecache.watch(HOME_TAG, "commissioning", "participation", "organisations.Organisation")


@pagecache.public_page(HOME_TAG)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"widgets": widgets_for(request)})


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def health(request: HttpRequest) -> HttpResponse:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors: the 500 page must render even when the database or a processor is what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("errors/500.html").render())


@login_required
@never_cache
def import_job(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Progress and then the row-by-row report of a background import; only its starter may open it."""
    from . import importjobs
    from .enums import ImportJobStatus

    job = importjobs.job_for(request.user, pk)
    waited = (timezone.now() - job.created_at).total_seconds()
    context = {
        "job": job,
        "percent": min(100, job.processed_rows * 100 // job.total_rows) if job.total_rows else 0,
        "report": job.report,
        "stalled": job.status == ImportJobStatus.QUEUED and waited > 60,  # the worker may not be running
    }
    template = "core/_import_job.html" if getattr(request, "htmx", False) else "core/import_job.html"
    return render(request, template, context)
