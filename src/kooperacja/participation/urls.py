from django.urls import path, re_path

from . import views

app_name = "participation"

urlpatterns = [
    path("", views.process_list, name="process_list"),
    path("nowy/", views.process_create, name="process_create"),
    path("moja-aktywnosc/", views.my_activity, name="my_activity"),
    path("moderacja/", views.moderation, name="moderation"),
    path("potwierdzenie/", views.receipt, name="receipt"),
    path("<int:pk>/", views.process_detail, name="process_detail"),
    path("<int:pk>/etapy/nowy/", views.phase_add, name="phase_add"),
    path("<int:pk>/czynnosc/<slug:transition>/", views.process_move, name="process_move"),
    path("<int:pk>/uwagi/", views.comment_add, name="comment_add"),
    path("<int:pk>/propozycje/", views.proposal_add, name="proposal_add"),
    path("<int:pk>/zgloszenie-papierowe/", views.paper_submission, name="paper_submission"),
    path("<int:pk>/spotkania/nowe/", views.workshop_add, name="workshop_add"),
    path("<int:pk>/plebiscyt/zasady/", views.plebiscite_rules, name="plebiscite_rules"),
    path("<int:pk>/raport/", views.report, name="report"),
    path("<int:pk>/raport.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/raport/publikuj/", views.report_publish, name="report_publish"),
    path("uwagi/<int:pk>/zglos/", views.comment_report, name="comment_report"),
    path("uwagi/<int:pk>/moderuj/", views.comment_moderate, name="comment_moderate"),
    path("propozycje/<int:pk>/poprzyj/", views.proposal_support, name="proposal_support"),
    path("propozycje/<int:pk>/odpowiedz/", views.proposal_answer, name="proposal_answer"),
    path("ankiety/<int:pk>/", views.survey, name="survey"),
    path("spotkania/<int:pk>/", views.workshop, name="workshop"),
    path("spotkania/<int:pk>/przebieg/", views.workshop_minutes, name="workshop_minutes"),
    path("plebiscyt/<int:pk>/glosuj/", views.vote, name="vote"),
    path("plebiscyt/<int:pk>/glosuj-kodem/", views.vote_code, name="vote_code"),
    path("plebiscyt/<int:pk>/wyniki/", views.results, name="results"),
    re_path(r"^plebiscyt/(?P<pk>[0-9]+)/wyniki\.(?P<fmt>csv|xlsx)$", views.results_export, name="results_export"),
    path("plebiscyt/<int:pk>/wyniki.pdf", views.results_pdf, name="results_pdf"),
    path("plebiscyt/<int:pk>/wyniki/<slug:transition>/", views.results_move, name="results_move"),
    path("plebiscyt/<int:pk>/propozycje/nowa/", views.candidate_add, name="candidate_add"),
    path("plebiscyt/<int:pk>/karty/", views.paper_ballots, name="paper_ballots"),
    path("plebiscyt/<int:pk>/kody/", views.codes_issue, name="codes_issue"),
    path("plebiscyt/propozycje/<int:pk>/", views.candidate_detail, name="candidate_detail"),
    path("plebiscyt/propozycje/<int:pk>/<slug:decision>/", views.candidate_decide, name="candidate_decide"),
    path("karty/<int:pk>/rozstrzygnij/", views.ballot_resolve, name="ballot_resolve"),
]
