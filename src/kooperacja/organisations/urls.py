from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("nowa/", views.create, name="create"),
    path("import/", views.import_csv, name="import"),
    path("wnioski/", views.requests, name="requests"),
    path("wnioski/<int:pk>/decyzja/", views.decide, name="decide"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edycja/", views.edit, name="edit"),
    path("<int:pk>/weryfikacja/", views.verify, name="verify"),
    path("<int:pk>/dolacz/", views.join, name="join"),
]
