from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.index, name="index"),
    path("nowa/", views.create, name="create"),
    path("miejsca/nowe/", views.location_create, name="location_create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edycja/", views.edit, name="edit"),
    path("<int:pk>/standard/", views.compliance, name="compliance"),
]
