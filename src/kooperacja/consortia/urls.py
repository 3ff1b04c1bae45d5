from django.urls import path

from . import views

app_name = "consortia"

urlpatterns = [
    path("", views.consortium_list, name="list"),
    path("nowe/", views.consortium_found, name="found"),
    path("moje-zobowiazania/", views.obligations, name="obligations"),
    path("wsparcie/", views.support_list, name="support_list"),
    path("wsparcie/nowe/", views.support_create, name="support_create"),
    path("wsparcie/<int:pk>/", views.support_detail, name="support"),
    path("wsparcie/<int:pk>/obsluga/", views.support_handle, name="support_handle"),
    path("wsparcie/<int:pk>/wpis/", views.support_comment, name="support_comment"),
    path("inkubacja/<int:pk>/", views.incubation_detail, name="incubation"),
    path("inkubacja/<int:pk>/etap/", views.incubation_stage, name="incubation_stage"),
    path("inkubacja/zadanie/<int:pk>/", views.incubation_item, name="incubation_item"),
    path("organy/miejsce/<int:pk>/koniec/", views.seat_end, name="seat_end"),
    path("posiedzenia/<int:pk>/", views.meeting_detail, name="meeting"),
    path("posiedzenia/<int:pk>/protokol/", views.meeting_minutes, name="meeting_minutes"),
    path("posiedzenia/<int:pk>/protokol.pdf", views.meeting_pdf, name="meeting_pdf"),
    path("uchwaly/<int:pk>/", views.resolution_detail, name="resolution"),
    path("uchwaly/<int:pk>/glos/", views.resolution_vote, name="resolution_vote"),
    path("uchwaly/<int:pk>/otworz/", views.resolution_open, name="resolution_open"),
    path("uchwaly/<int:pk>/zamknij/", views.resolution_close, name="resolution_close"),
    path("uchwaly/<int:pk>/uchwala.pdf", views.resolution_pdf, name="resolution_pdf"),
    path("dokumenty/<int:pk>/", views.document_download, name="document"),
    path("podzial/<int:pk>/", views.plan_detail, name="plan"),
    path("przydzialy/<int:pk>/sprawozdanie/", views.report_delivery, name="report_delivery"),
    path("sprawozdania/<int:pk>/decyzja/", views.report_review, name="report_review"),
    path("<int:pk>/", views.consortium_detail, name="detail"),
    path("<int:pk>/czlonkowie/", views.members, name="members"),
    path("<int:pk>/organy/", views.bodies, name="bodies"),
    path("<int:pk>/inkubacja/nowa/", views.incubation_create, name="incubation_create"),
    path("czlonkowie/<int:pk>/przedstawiciele/", views.member_representatives, name="member_representatives"),
    path("<int:pk>/umowa.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("<int:pk>/posiedzenia/", views.meetings, name="meetings"),
    path("<int:pk>/posiedzenia/nowe/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/uchwaly/", views.resolutions, name="resolutions"),
    path("<int:pk>/uchwaly/nowa/", views.resolution_create, name="resolution_create"),
    path("<int:pk>/dokumenty/", views.documents, name="documents"),
    path("<int:pk>/umowy/<int:contract_pk>/podzial/", views.split_view, name="split"),
    path("<int:pk>/umowy/<int:contract_pk>/podzial/nowa-wersja/", views.plan_create, name="plan_create"),
    path("<int:pk>/umowy/<int:contract_pk>/sprawozdanie/", views.consortium_report, name="consortium_report"),
    path(
        "<int:pk>/umowy/<int:contract_pk>/sprawozdanie/przenies/",
        views.consortium_report_feed,
        name="consortium_report_feed",
    ),
    path(
        "<int:pk>/umowy/<int:contract_pk>/sprawozdanie.pdf", views.consortium_report_pdf, name="consortium_report_pdf"
    ),
]
