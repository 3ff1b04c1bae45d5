"""Importing participants, sessions and attendance from a file."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kooperacja.core import uploads

from .. import imports, selectors
from ..forms import (
    ImportForm,
)


@login_required
def import_data(request: HttpRequest, pk: int) -> HttpResponse:
    svc = selectors.delivered_service_for(request.user, pk)
    if not request.user.has_perm("delivery.import_data", svc):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload, kind = form.cleaned_data["file"], form.cleaned_data["kind"]
        # A file that cannot be read is the import report's verdict, shown where its row errors are (not a form
        # field error): the report is the one place that says what happened to the file.
        try:
            content = uploads.read_upload(upload)
            n_rows = imports.inspect(kind=kind, content=content, filename=upload.name)
        except ValidationError as exc:
            result = imports.ImportReport(kind=kind, error=" ".join(exc.messages))
        else:
            if uploads.runs_in_background(size=len(content), rows=n_rows):
                job = imports.job_start(
                    actor=request.user, service=svc, kind=kind, content=content, filename=upload.name, total_rows=n_rows
                )
                return redirect("core:import_job", pk=job.pk)
            result = imports.import_file(
                actor=request.user, service=svc, kind=kind, content=content, filename=upload.name
            )
        if result.committed:
            messages.success(request, _("Zaimportowano wierszy: %(n)d.") % {"n": result.n_ok})
    return render(
        request,
        "delivery/import.html",
        {
            "service": svc,
            "form": form,
            "report": result,
            "participant_columns": imports.PARTICIPANT_COLUMNS,
            "attendance_columns": imports.ATTENDANCE_COLUMNS,
            "max_bytes": uploads.max_upload_bytes(),
            "max_rows": settings.KOOPERACJA_IMPORT_MAX_ROWS,
        },
    )
