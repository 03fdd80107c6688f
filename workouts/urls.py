from django.urls import path

from workouts.views import blocks, calendar, rules, sessions, templates

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
]
