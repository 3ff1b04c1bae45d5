from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from kooperacja.api.api import api

urlpatterns: list = [
    path("", include("kooperacja.core.urls")),
    path("konto/", include("kooperacja.accounts.urls")),
    path("organizacje/", include("kooperacja.organisations.urls")),
    path("uslugi/", include("kooperacja.catalog.urls")),
    path("zlecanie/", include("kooperacja.commissioning.urls")),
    path("konsorcja/", include("kooperacja.consortia.urls")),
    path("realizacja/", include("kooperacja.delivery.urls")),
    path("kooperacja/", include("kooperacja.cooperation.urls")),
    path("konsultacje/", include("kooperacja.participation.urls")),
    path("edukacja/", include("kooperacja.learning.urls")),
    path("certyfikaty/", include("kooperacja.learning.urls_certificates")),
    path("monitoring/", include("kooperacja.monitoring.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "kooperacja.core.views.error_403"
handler404 = "kooperacja.core.views.error_404"
handler500 = "kooperacja.core.views.error_500"

if settings.DEBUG:  # pragma: no cover
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
