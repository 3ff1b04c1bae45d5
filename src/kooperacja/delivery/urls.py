from django.urls import path

from . import views

app_name = "delivery"

urlpatterns = [
    path("", views.home, name="home"),
    path("uslugi/<int:pk>/", views.service, name="service"),
    path("uslugi/<int:pk>/zapis/", views.enrol, name="enrol"),
    path("uslugi/<int:pk>/zajecia/", views.sessions, name="sessions"),
    path("uslugi/<int:pk>/zajecia/nowe/", views.session_create, name="session_create"),
    path("uslugi/<int:pk>/import/", views.import_data, name="import"),
    path("uslugi/<int:pk>/wskazniki/", views.service_outcomes, name="service_outcomes"),
    path("uslugi/<int:pk>/sprawozdanie/", views.report, name="report"),
    path("zapisy/<int:pk>/przyjmij/", views.admit, name="admit"),
    path("zapisy/<int:pk>/zakoncz/", views.leave, name="leave"),
    path("zapisy/<int:pk>/spotkanie/", views.meeting_add, name="meeting_add"),
    path("zajecia/<int:pk>/", views.register, name="register"),
    path("zajecia/<int:pk>/obecnosc/<int:enrolment_pk>/", views.mark, name="mark"),
    path("zajecia/<int:pk>/wszyscy-obecni/", views.mark_all, name="mark_all"),
    path("uczestnicy/", views.people, name="people"),
    path("uczestnicy/nowy/", views.person_create, name="person_create"),
    path("uczestnicy/<int:pk>/", views.person, name="person"),
    path("uczestnicy/<int:pk>/edycja/", views.person_edit, name="person_edit"),
    path("uczestnicy/<int:pk>/eksport/", views.person_export, name="person_export"),
    path("uczestnicy/<int:pk>/anonimizacja/", views.person_anonymise, name="person_anonymise"),
    path("uczestnicy/<int:pk>/zgody/nowa/", views.consent_add, name="consent_add"),
    path("zgody/<int:pk>/wycofaj/", views.consent_withdraw, name="consent_withdraw"),
    path("wskazniki/", views.outcomes, name="outcomes"),
    path("wskazniki/czesci/<int:pk>/", views.lot_outcomes, name="lot_outcomes"),
    path("programy/", views.programmes, name="programmes"),
    path("programy/nowy/", views.programme_create, name="programme_create"),
    path("programy/<int:pk>/", views.programme, name="programme"),
    path("programy/<int:pk>/cel/", views.programme_goal, name="programme_goal"),
    path("programy/<int:pk>/dzialanie/", views.programme_action, name="programme_action"),
    path("programy/<int:pk>/ocena/", views.programme_review, name="programme_review"),
    path("programy/<int:pk>/zakonczenie/", views.programme_close, name="programme_close"),
    path("programy/<int:pk>/<slug:action>/", views.programme_transition, name="programme_transition"),
    path("dzialania/<int:pk>/wykonane/", views.action_done, name="action_done"),
    path("mieszkania/", views.flats, name="flats"),
    path("mieszkania/<int:pk>/", views.flat, name="flat"),
    path("pobyty/<int:pk>/zakonczenie/", views.placement_end, name="placement_end"),
]
