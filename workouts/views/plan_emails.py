"""A person's email settings, and the signed unsubscribe link every email carries (it works
without a login: docs/running.md §4.14)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from workouts import plan_emails
from workouts.email_forms import EmailSettingsForm


@login_required
def email_settings_edit(request):
    stored = plan_emails.email_settings_for(request.user)
    # An unticked box posts nothing: an empty POST is still a submitted form.
    data = request.POST if request.method == "POST" else None
    form = EmailSettingsForm(data, instance=stored, user=request.user)
    if request.method == "POST" and form.is_valid():
        if stored.pk or form.has_changed():  # the defaults saved unchanged need no row
            form.save()
        messages.success(request, "Your email settings are saved.")
        return redirect("email-settings")
    return render(request, "workouts/email_settings_form.html", {"form": form})


# A mail client's one-click unsubscribe (RFC 8058) posts without our CSRF token; the signed
# link is what proves it. A plain visit only asks: mail scanners open every link in a message,
# and must not unsubscribe anyone.
@csrf_exempt
def email_unsubscribe(request, token):
    page = "workouts/email_unsubscribe.html"
    try:
        if request.method != "POST":
            user, kind = plan_emails.unsubscribe_read(token=token)
            context = {"kind_name": plan_emails.KIND_NAMES[kind], "email": user.email}
            return render(request, page, context | {"asking": True})
        if request.POST.get("resubscribe"):
            user, kind = plan_emails.unsubscribe_read(token=token)
            plan_emails.email_resubscribe(user=user, kind=kind)
            return render(
                request, page, {"kind_name": plan_emails.KIND_NAMES[kind], "back_on": True}
            )
        user, kind = plan_emails.email_unsubscribe(token=token)
    except plan_emails.UnsubscribeInvalid as error:
        return render(request, page, {"error": str(error)}, status=400)
    context = {"kind_name": plan_emails.KIND_NAMES[kind], "email": user.email}
    return render(request, page, context)
