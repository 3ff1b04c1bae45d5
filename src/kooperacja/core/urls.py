from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import path

from . import notification_views, views


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
    path("powiadomienia/", notification_views.inbox, name="notifications"),
    path("powiadomienia/<int:pk>/", notification_views.open_notification, name="notification_open"),
    path("powiadomienia/przeczytane/", notification_views.mark_all_read, name="notifications_read"),
]
