from django.urls import path

from workouts.views import rules, templates

urlpatterns = [
    path("templates/", templates.template_list, name="template-list"),
    path("templates/new/", templates.template_create, name="template-create"),
    path("templates/<int:pk>/", templates.template_detail, name="template-detail"),
    path("templates/<int:pk>/edit/", templates.template_edit, name="template-edit"),
    path("templates/<int:pk>/delete/", templates.template_delete, name="template-delete"),
    path("templates/<int:pk>/copy/", templates.template_copy, name="template-copy"),
    path("settings/rules/", rules.rules_edit, name="rules-edit"),
]
