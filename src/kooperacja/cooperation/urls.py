from django.urls import path

from . import views

app_name = "cooperation"

urlpatterns = [
    path("", views.teams, name="teams"),
    path("zespoly/<int:pk>/", views.team_detail, name="team_detail"),
    path("zespoly/<int:pk>/czlonkowie/dodaj/", views.member_add, name="member_add"),
    path("zespoly/<int:pk>/osoby/dodaj/", views.person_add, name="person_add"),
    path("zespoly/<int:pk>/spotkania/nowe/", views.meeting_create, name="meeting_create"),
    path("spotkania/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("spotkania/<int:pk>/protokol/", views.meeting_minutes, name="meeting_minutes"),
    path("spotkania/<int:pk>/ustalenia/", views.meeting_item_add, name="meeting_item_add"),
    path("zadania/<int:pk>/wykonane/", views.task_done, name="task_done"),
    path("sprawy/", views.case_list, name="case_list"),
    path("sprawy/nowa/", views.case_create, name="case_create"),
    path("sprawy/<int:pk>/", views.case_detail, name="case_detail"),
    path("sprawy/<int:pk>/osoby/dodaj/", views.case_person_add, name="case_person_add"),
    path("sprawy/<int:pk>/diagnoza/", views.case_diagnosis, name="case_diagnosis"),
    path("sprawy/<int:pk>/ipw/", views.case_programme, name="case_programme"),
    path("sprawy/<int:pk>/ipw/cele/", views.goal_add, name="goal_add"),
    path("sprawy/<int:pk>/ipw/uzgodnij/", views.programme_agree, name="programme_agree"),
    path("sprawy/<int:pk>/ipw/przeglad/", views.review_add, name="review_add"),
    path("sprawy/<int:pk>/ipw/dzialania/nowe/", views.action_add, name="action_add"),
    path("sprawy/<int:pk>/koszyk/", views.case_basket, name="case_basket"),
    path("sprawy/<int:pk>/skierowania/nowe/", views.referral_create, name="referral_create"),
    path("sprawy/<int:pk>/zgody/nowa/", views.consent_create, name="consent_create"),
    path("sprawy/<int:pk>/wskazani/", views.case_named_add, name="case_named_add"),
    path("sprawy/<int:pk>/zamknij/", views.case_close, name="case_close"),
    path("sprawy/<int:pk>/rejestr-dostepu/", views.case_log, name="case_log"),
    path("sprawy/<int:pk>/eksport.pdf", views.case_export, name="case_export"),
    path("zgody/<int:pk>/wycofaj/", views.consent_withdraw, name="consent_withdraw"),
    path("skierowania/", views.referral_inbox, name="referral_inbox"),
    path("skierowania/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("skierowania/<int:pk>/<slug:transition>/", views.referral_move, name="referral_move"),
    path("planer/", views.planner, name="planner"),
    path("planer/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("planer/<int:pk>/decyzja/", views.proposal_decide, name="proposal_decide"),
    path("statystyki/", views.statistics, name="statistics"),
]
