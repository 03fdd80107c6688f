from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from athletes import selectors, services
from athletes.access import (
    athlete_required,
    coach_athletes,
    coach_required,
    get_athlete_for_coach,
    own_athlete,
)
from athletes.forms import (
    AccountForm,
    AthleteCreateForm,
    AthleteForm,
    AthleteProfileForm,
    InvitationAcceptForm,
    RaceResultForm,
    ZoneOverrideFormSet,
)
from athletes.models import Invitation, Role, User, ZoneName, ZoneOverride
from workouts.athlete_pages import athlete_landing
from workouts.comparison_data import block_progressions


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password also lifts a login lockout (django-axes) for the account,
    as the lockout page promises."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.email.lower())
        return response


def home(request):
    if not request.user.is_authenticated:
        return redirect("login")
    if request.user.is_staff or request.user.role == Role.ADMIN:
        return redirect("admin:index")
    if request.user.role == Role.COACH:
        return redirect("coach-dashboard")
    return redirect("me")


@coach_required
def athlete_list(request):
    athletes = (
        coach_athletes(request.user)
        .select_related("user")
        .prefetch_related(
            Prefetch("invitations", queryset=Invitation.objects.order_by("-created_at"))
        )
    )
    return render(request, "athletes/athlete_list.html", {"athletes": athletes})


@coach_required
def athlete_create(request):
    form = AthleteCreateForm(request.POST or None, coach=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        athlete = services.athlete_create(
            coach=request.user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
        )
        if data["send_invitation"]:
            services.invitation_send(athlete=athlete, invited_by=request.user)
            messages.success(request, f"{athlete} added. Invitation sent to {athlete.email}.")
        else:
            messages.success(request, f"{athlete} added.")
        return redirect("athlete-detail", pk=athlete.pk)
    return render(request, "athletes/athlete_form.html", {"form": form, "creating": True})


@coach_required
def athlete_detail(request, pk):
    athlete = get_athlete_for_coach(request.user, pk)
    context = _profile_context(athlete) | {"invitations": athlete.invitations.all()[:5]}
    context["progressions"] = block_progressions(athlete)  # docs/running.md §3.15
    return render(request, "athletes/athlete_detail.html", context)


@coach_required
def athlete_edit(request, pk):
    athlete = get_athlete_for_coach(request.user, pk)
    form = AthleteForm(request.POST or None, instance=athlete, coach=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{athlete} saved.")
        return redirect("athlete-detail", pk=athlete.pk)
    return render(request, "athletes/athlete_form.html", {"form": form, "athlete": athlete})


@require_POST
@coach_required
def athlete_invite(request, pk):
    athlete = get_athlete_for_coach(request.user, pk)
    try:
        invitation = services.invitation_send(athlete=athlete, invited_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Invitation sent to {invitation.email}. It is valid until "
            f"{invitation.expires_at:%d %b %Y}; earlier links no longer work.",
        )
    return redirect("athlete-detail", pk=athlete.pk)


def invitation_accept(request, key):
    invitation = get_object_or_404(Invitation.objects.select_related("athlete__coach"), key=key)
    context = {"invitation": invitation, "coach": invitation.athlete.coach}
    try:
        services.invitation_check(invitation)
    except services.InvitationError as error:
        return _invitation_refused(request, context, error, status=410)
    if request.user.is_authenticated:
        return _accept_as_signed_in_user(request, invitation, context)
    if User.objects.filter(email__iexact=invitation.email).exists():
        messages.info(request, "You already have an account: log in to accept the invitation.")
        return redirect(f"{reverse('login')}?next={request.path}")
    return _accept_as_new_user(request, invitation, context)


def _invitation_refused(request, context, error, *, status):
    context = {**context, "error": error}
    return render(request, "athletes/invitation_invalid.html", context, status=status)


def _accept_as_new_user(request, invitation, context):
    athlete = invitation.athlete
    form = InvitationAcceptForm(
        request.POST or None,
        email=invitation.email,
        initial={"first_name": athlete.first_name, "last_name": athlete.last_name},
    )
    if request.method != "POST" or not form.is_valid():
        return render(request, "athletes/invitation_accept.html", {**context, "form": form})
    data = form.cleaned_data
    try:
        user = services.invitation_accept(
            invitation=invitation,
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
    except services.InvitationError as error:
        return _invitation_refused(request, context, error, status=410)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, f"Welcome, {user.first_name}! You now train with {context['coach']}.")
    return redirect("me")


def _accept_as_signed_in_user(request, invitation, context):
    if request.method != "POST":
        return render(request, "athletes/invitation_confirm.html", context)
    try:
        services.invitation_accept_as(invitation=invitation, user=request.user)
    except services.InvitationError as error:
        return _invitation_refused(request, context, error, status=403)
    messages.success(request, f"You now train with {context['coach']}.")
    return redirect("me")


@athlete_required
def me(request):
    athlete = own_athlete(request.user)
    context = _profile_context(athlete) if athlete else {"athlete": None}
    if athlete:
        # Today, the rest of the week and the next four, as far as the coach shows the plan.
        # The coach's notes (never a private one) come with their days and weeks.
        context["landing"] = athlete_landing(athlete)
    return render(request, "athletes/me.html", context)


def _profile_context(athlete):
    return {"athlete": athlete, "profile": selectors.athlete_profile(athlete)}


@coach_required
def athlete_profile_edit(request, pk):
    athlete = get_athlete_for_coach(request.user, pk)
    form = AthleteProfileForm(request.POST or None, instance=athlete)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{athlete}'s profile saved.")
        return redirect("athlete-detail", pk=athlete.pk)
    return render(request, "athletes/athlete_profile_form.html", {"form": form, "athlete": athlete})


@coach_required
def race_result_create(request, pk):
    athlete = get_athlete_for_coach(request.user, pk)
    form = RaceResultForm(request.POST or None, athlete=athlete)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                result = form.save()
        except IntegrityError:
            # A double submit: the other request saved the same result after this one's check.
            if not (saved := form.saved_copy()):
                raise
            form.add_error(None, form.duplicate_error(saved))
        else:
            messages.success(
                request, f"Result saved: {result}. Paces are updated from that date on."
            )
            return redirect("athlete-detail", pk=athlete.pk)
    return render(request, "athletes/race_result_form.html", {"form": form, "athlete": athlete})


@coach_required
def race_result_delete(request, pk, result_pk):
    athlete = get_athlete_for_coach(request.user, pk)
    result = get_object_or_404(athlete.race_results, pk=result_pk)
    if request.method == "POST":
        result.delete()
        messages.success(request, f"Deleted {result}.")
        return redirect("athlete-detail", pk=athlete.pk)
    return render(
        request, "athletes/race_result_confirm_delete.html", {"athlete": athlete, "result": result}
    )


@coach_required
def zone_overrides_edit(request, pk):
    athlete = get_athlete_for_coach(request.user, pk)
    saved = {o.zone: o for o in athlete.zone_overrides.all()}
    initial = [
        {k: getattr(saved[zone], k) for k in ZoneOverride.BAND_FIELDS} if zone in saved else {}
        for zone in ZoneName.values
    ]
    formset = ZoneOverrideFormSet(
        request.POST or None, initial=initial, form_kwargs={"unit": athlete.units}
    )
    if request.method == "POST" and formset.is_valid():
        # A row's zone is its place on the page, never a posted value.
        rows = dict(zip(ZoneName.values, formset.cleaned_data, strict=True))
        services.zone_overrides_set(athlete=athlete, bands=rows)
        messages.success(request, f"Zones saved for {athlete}. Hand-set zones are marked.")
        return redirect("athlete-detail", pk=athlete.pk)
    automatic = selectors.athlete_fitness(athlete, with_overrides=False)
    rows = [
        (form, automatic.zones[zone]) for form, zone in zip(formset, ZoneName.values, strict=False)
    ]
    context = {"athlete": athlete, "formset": formset, "rows": rows}
    return render(request, "athletes/zone_overrides_form.html", context)


@login_required
def account_settings(request):
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your settings are saved.")
        return redirect("account-settings")
    return render(request, "athletes/account_form.html", {"form": form})
