from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import path

from . import views


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """/favicon.ico, which browsers and crawlers ask for on their own, points at the SVG icon of the layout."""
    return HttpResponseRedirect(static("core/favicon.svg"))


app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", favicon, name="favicon"),
    path("o-platformie/", views.about, name="about"),
    path("deklaracja-dostepnosci/", views.accessibility, name="accessibility"),
    path("zdrowie/", views.health, name="health"),
    path("importy/<uuid:pk>/", views.import_job, name="import_job"),
]
