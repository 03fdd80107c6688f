"""The coach's rules page: the numbers a coach's templates and reviews are judged by."""

from django.contrib import messages
from django.shortcuts import redirect, render

from athletes.access import coach_required
from workouts.forms import CoachRulesForm
from workouts.models import CoachRules


@coach_required
def rules_edit(request):
    rules = CoachRules.objects.filter(coach=request.user).first() or CoachRules(coach=request.user)
    form = CoachRulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your rules are saved. Templates are checked against them.")
        return redirect("rules-edit")
    return render(request, "workouts/rules_form.html", {"form": form})
