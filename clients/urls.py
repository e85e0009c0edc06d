from django.urls import path

from . import calibration_views, data_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("clients/new/", views.client_new, name="client_new"),
    path("clients/<int:pk>/", views.client_detail, name="client_detail"),
    path("clients/<int:pk>/edit/", views.client_edit, name="client_edit"),
    path("clients/<int:pk>/archive/", views.client_archive, name="client_archive"),
    path("clients/<int:pk>/prepare/", views.client_prepare, name="client_prepare"),
    path("clients/<int:pk>/questions/new/", views.question_new, name="question_new"),
    path("clients/<int:pk>/log/", views.interaction_new, name="interaction_new"),
    path("clients/<int:pk>/preview/", views.score_preview, name="score_preview"),
    path("clients/<int:pk>/decide/", views.decision_new, name="decision_new"),
    path("clients/<int:pk>/projects/new/", views.project_new, name="project_new"),
    path("interactions/<int:pk>/edit/", views.interaction_edit, name="interaction_edit"),
    path("interactions/<int:pk>/delete/", views.interaction_delete, name="interaction_delete"),
    path("projects/<int:pk>/phases/new/", views.phase_new, name="phase_new"),
    path("phases/<int:pk>/review/", views.phase_review, name="phase_review"),
    path("phases/<int:pk>/review/delete/", views.review_delete, name="review_delete"),
    path("boundaries/", views.boundaries, name="boundaries"),
    path("boundaries/<int:pk>/edit/", views.boundary_edit, name="boundary_edit"),
    path("boundaries/<int:pk>/toggle/", views.boundary_toggle, name="boundary_toggle"),
    path("calibration/", calibration_views.calibration, name="calibration"),
    path("calibration/apply/", calibration_views.calibration_apply, name="calibration_apply"),
    path("settings/", views.profile_settings, name="settings"),
    path("export/", data_views.export_page, name="export"),
    path("export/fitcheck.json", data_views.export_json, name="export_json"),
    path("export/clients.csv", data_views.export_csv, name="export_csv"),
    path("import/", data_views.import_page, name="import_data"),
]
