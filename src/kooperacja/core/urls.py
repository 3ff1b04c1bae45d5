from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("o-platformie/", views.about, name="about"),
    path("deklaracja-dostepnosci/", views.accessibility, name="accessibility"),
    path("zdrowie/", views.health, name="health"),
    path("importy/<uuid:pk>/", views.import_job, name="import_job"),
]
