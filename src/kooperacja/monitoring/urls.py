from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("eksport.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("eksport.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("gminy/<int:pk>/", views.gmina, name="gmina"),
    path("gminy/<int:pk>/ozps.csv", views.gmina_ozps, {"fmt": "csv"}, name="ozps_csv"),
    path("gminy/<int:pk>/ozps.xlsx", views.gmina_ozps, {"fmt": "xlsx"}, name="ozps_xlsx"),
    path("ozps.csv", views.region_ozps, {"fmt": "csv"}, name="region_ozps_csv"),
    path("ozps.xlsx", views.region_ozps, {"fmt": "xlsx"}, name="region_ozps_xlsx"),
    path("przelicz/", views.refresh, name="refresh"),
    path("pakiety/", views.packages, name="packages"),
    path("pakiety/<int:pk>/", views.package, name="package"),
    path("pakiety/<int:pk>/efekty/", views.effects, name="effects"),
    path("pakiety/<int:pk>/efekty.pdf", views.effects_report_pdf, name="effects_pdf"),
    path("pakiety/<int:pk>/efs.csv", views.package_esf, {"fmt": "csv"}, name="esf_csv"),
    path("pakiety/<int:pk>/efs.xlsx", views.package_esf, {"fmt": "xlsx"}, name="esf_xlsx"),
    path("efs/", views.esf_projects, name="esf_projects"),
    path("efs/eksport.csv", views.esf_project_export, {"fmt": "csv"}, name="esf_project_csv"),
    path("efs/eksport.xlsx", views.esf_project_export, {"fmt": "xlsx"}, name="esf_project_xlsx"),
    path("umowy/<int:pk>/", views.contract_package, name="contract_package"),
    path("legalnosc/", views.legality_index, name="legality"),
    path("legalnosc/<int:pk>/", views.call_legality, name="call_legality"),
]
