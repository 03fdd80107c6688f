from django.urls import path

from workouts.views import blocks, bulk, calendar, rules, sessions, templates, weeks

urlpatterns = [
    path("templates/", templates.template_list, name="template-list"),
    path("templates/new/", templates.template_create, name="template-create"),
    path("templates/<int:pk>/", templates.template_detail, name="template-detail"),
    path("templates/<int:pk>/edit/", templates.template_edit, name="template-edit"),
    path("templates/<int:pk>/delete/", templates.template_delete, name="template-delete"),
    path("templates/<int:pk>/copy/", templates.template_copy, name="template-copy"),
    path("settings/rules/", rules.rules_edit, name="rules-edit"),
    path("blocks/<int:pk>/", calendar.block_detail, name="block-detail"),
    path("blocks/<int:pk>/propose/", calendar.block_propose, name="block-propose"),
    path("blocks/<int:pk>/replan/", calendar.block_replan, name="block-replan"),
    path("athletes/<int:pk>/blocks/new/", blocks.block_create, name="block-create"),
    path("blocks/<int:pk>/phases/", blocks.block_phases_edit, name="block-phases-edit"),
    path("blocks/<int:pk>/sessions/new/", sessions.session_create, name="session-create"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session-edit"),
    path("sessions/<int:pk>/delete/", sessions.session_delete, name="session-delete"),
    path("sessions/<int:pk>/move/", sessions.session_move, name="session-move"),
    path("sessions/<int:pk>/lock/", sessions.session_lock, name="session-lock"),
    path("sessions/<int:pk>/restore/", sessions.session_restore, name="session-restore"),
    path("blocks/<int:pk>/weeks/<int:index>/", weeks.block_week_edit, name="block-week-edit"),
    path("blocks/<int:pk>/races/new/", weeks.block_race_add, name="block-race-add"),
    path("blocks/<int:pk>/sessions.csv", weeks.block_sessions_csv, name="block-sessions-csv"),
    path("blocks/<int:pk>/weeks/copy/", bulk.block_week_copy, name="block-week-copy"),
    path("sessions/<int:pk>/repeat/", bulk.session_repeat, name="session-repeat"),
    path("blocks/<int:pk>/rest-day/insert/", bulk.rest_day_insert, name="block-rest-day-insert"),
    path("blocks/<int:pk>/rest-day/remove/", bulk.rest_day_remove, name="block-rest-day-remove"),
    path("templates/<int:pk>/apply/", bulk.template_apply, name="template-apply"),
    path("sessions/<int:pk>/skip/", sessions.session_skip, name="session-skip"),
    path("blocks/<int:pk>/replan/not-run/", calendar.block_skip_range, name="block-skip-range"),
]
