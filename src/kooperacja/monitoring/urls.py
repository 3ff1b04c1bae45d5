from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("eksport.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("eksport.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("gminy/<int:pk>/", views.gmina, name="gmina"),
    path("przelicz/", views.refresh, name="refresh"),
    path("pakiety/", views.packages, name="packages"),
    path("pakiety/<int:pk>/", views.package, name="package"),
    path("pakiety/<int:pk>/efekty/", views.effects, name="effects"),
    path("pakiety/<int:pk>/efekty.pdf", views.effects_report_pdf, name="effects_pdf"),
    path("umowy/<int:pk>/", views.contract_package, name="contract_package"),
    path("legalnosc/", views.legality_index, name="legality"),
    path("legalnosc/<int:pk>/", views.call_legality, name="call_legality"),
]
