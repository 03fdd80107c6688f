from django.contrib.auth import views as auth_views
from django.urls import path

from athletes import views
from athletes.forms import EmailLoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailLoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invite/<str:key>/", views.invitation_accept, name="invitation-accept"),
    path("athletes/", views.athlete_list, name="athlete-list"),
    path("athletes/new/", views.athlete_create, name="athlete-create"),
    path("athletes/<int:pk>/", views.athlete_detail, name="athlete-detail"),
    path("athletes/<int:pk>/edit/", views.athlete_edit, name="athlete-edit"),
    path("athletes/<int:pk>/invite/", views.athlete_invite, name="athlete-invite"),
    path("athletes/<int:pk>/profile/", views.athlete_profile_edit, name="athlete-profile-edit"),
    path("athletes/<int:pk>/races/new/", views.race_result_create, name="race-result-create"),
    path(
        "athletes/<int:pk>/races/<int:result_pk>/delete/",
        views.race_result_delete,
        name="race-result-delete",
    ),
    path("athletes/<int:pk>/zones/", views.zone_overrides_edit, name="zone-overrides-edit"),
    path("me/", views.me, name="me"),
    path("account/", views.account_settings, name="account-settings"),
]
