from django.urls import path

from .calibration import views as calibration_views
from .catalogues import views as catalogue_views
from .contacts import views as contacts
from .exchange import views as data_views
from .views import boundaries, client, dashboard, decisions, interactions, projects, settings

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("clients/new/", client.client_new, name="client_new"),
    path("clients/<int:pk>/", client.client_detail, name="client_detail"),
    path("clients/<int:pk>/edit/", client.client_edit, name="client_edit"),
    path("clients/<int:pk>/archive/", client.client_archive, name="client_archive"),
    path("clients/<int:pk>/prepare/", client.client_prepare, name="client_prepare"),
    path("clients/<int:pk>/questions/new/", client.question_new, name="question_new"),
    path("clients/<int:pk>/next-contact/", contacts.planned_contact, name="planned_contact"),
    path(
        "clients/<int:pk>/next-contact/clear/",
        contacts.planned_contact_clear,
        name="planned_contact_clear",
    ),
    path(
        "clients/<int:pk>/next-contact.ics",
        contacts.planned_contact_ics,
        name="planned_contact_ics",
    ),
    path("clients/<int:pk>/log/", interactions.interaction_new, name="interaction_new"),
    path("clients/<int:pk>/preview/", interactions.score_preview, name="score_preview"),
    path("clients/<int:pk>/decide/", decisions.decision_new, name="decision_new"),
    path("clients/<int:pk>/projects/new/", projects.project_new, name="project_new"),
    path("interactions/<int:pk>/edit/", interactions.interaction_edit, name="interaction_edit"),
    path(
        "interactions/<int:pk>/delete/", interactions.interaction_delete, name="interaction_delete"
    ),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("projects/<int:pk>/delete/", projects.project_delete, name="project_delete"),
    path("projects/<int:pk>/phases/new/", projects.phase_new, name="phase_new"),
    path("phases/<int:pk>/checkpoint/", decisions.checkpoint_new, name="checkpoint_new"),
    path("phases/<int:pk>/edit/", projects.phase_edit, name="phase_edit"),
    path("phases/<int:pk>/end/", projects.phase_end, name="phase_end"),
    path("phases/<int:pk>/delete/", projects.phase_delete, name="phase_delete"),
    path("phases/<int:pk>/review/", projects.phase_review, name="phase_review"),
    path("phases/<int:pk>/review/delete/", projects.review_delete, name="review_delete"),
    path("boundaries/", boundaries.boundaries, name="boundaries"),
    path("boundaries/<int:pk>/edit/", boundaries.boundary_edit, name="boundary_edit"),
    path("boundaries/<int:pk>/toggle/", boundaries.boundary_toggle, name="boundary_toggle"),
    path("calibration/", calibration_views.calibration, name="calibration"),
    path("calibration/apply/", calibration_views.calibration_apply, name="calibration_apply"),
    path("my-flags/", catalogue_views.my_flags, name="my_flags"),
    path("my-flags/create/", catalogue_views.my_flags_create, name="my_flags_create"),
    path("my-flags/new/", catalogue_views.my_flag_new, name="my_flag_new"),
    path("my-flags/<int:pk>/edit/", catalogue_views.my_flag_edit, name="my_flag_edit"),
    path("my-flags/<int:pk>/active/", catalogue_views.my_flag_active, name="my_flag_active"),
    path("my-flags/move/", catalogue_views.my_flags_move, name="my_flags_move"),
    path("my-flags/import/", catalogue_views.my_flags_import, name="my_flags_import"),
    path("my-flags/my-flags.json", catalogue_views.my_flags_export, name="my_flags_export"),
    path("settings/", settings.profile_settings, name="settings"),
    path("settings/morning-note/", contacts.digest_settings, name="digest_settings"),
    path("settings/calendar/new/", contacts.calendar_feed_new, name="calendar_feed_new"),
    path("settings/calendar/off/", contacts.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("calendar/<str:token>.ics", contacts.calendar_feed, name="calendar_feed"),
    path("export/", data_views.export_page, name="export"),
    path("export/fitcheck.json", data_views.export_json, name="export_json"),
    path("export/clients.csv", data_views.export_csv, name="export_csv"),
    path("import/", data_views.import_page, name="import_data"),
]
