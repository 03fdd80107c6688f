from django.urls import path

from workouts import views

urlpatterns = [
    path("templates/", views.template_list, name="template-list"),
    path("templates/new/", views.template_create, name="template-create"),
    path("templates/<int:pk>/", views.template_detail, name="template-detail"),
    path("templates/<int:pk>/edit/", views.template_edit, name="template-edit"),
    path("templates/<int:pk>/delete/", views.template_delete, name="template-delete"),
    path("templates/<int:pk>/copy/", views.template_copy, name="template-copy"),
    path("settings/rules/", views.rules_edit, name="rules-edit"),
]
