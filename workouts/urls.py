from django.urls import path

from workouts.views import athlete_moves as moves
from workouts.views import (
    athlete_plan,
    block_templates,
    blocks,
    bulk,
    calendar,
    feed,
    notes,
    plan_emails,
    recovery,
    rules,
    sessions,
    templates,
    watch,
    week_view,
    weeks,
)
from workouts.views import availability as avail

urlpatterns = [
    path("templates/", templates.template_list, name="template-list"),
    path("templates/new/", templates.template_create, name="template-create"),
    path("templates/<int:pk>/", templates.template_detail, name="template-detail"),
    path("templates/<int:pk>/edit/", templates.template_edit, name="template-edit"),
    path("templates/<int:pk>/delete/", templates.template_delete, name="template-delete"),
    path("templates/<int:pk>/copy/", templates.template_copy, name="template-copy"),
    path("settings/rules/", rules.rules_edit, name="rules-edit"),
    path("week/", week_view.coach_week_view, name="coach-week"),
    path("blocks/<int:pk>/", calendar.block_detail, name="block-detail"),
    path(
        "blocks/<int:pk>/weeks/<int:index>/days/", calendar.block_week_days, name="block-week-days"
    ),
    path("blocks/<int:pk>/propose/", calendar.block_propose, name="block-propose"),
    path("blocks/<int:pk>/replan/", calendar.block_replan, name="block-replan"),
    path("athletes/<int:pk>/blocks/new/", blocks.block_create, name="block-create"),
    path("blocks/<int:pk>/phases/", blocks.block_phases_edit, name="block-phases-edit"),
    path("blocks/<int:pk>/recovery/", recovery.block_recovery_edit, name="block-recovery-edit"),
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
    path(
        "blocks/<int:pk>/block-templates/new/",
        block_templates.block_template_create,
        name="block-template-create",
    ),
    path("block-templates/", block_templates.block_template_list, name="block-template-list"),
    path(
        "block-templates/<int:pk>/",
        block_templates.block_template_detail,
        name="block-template-detail",
    ),
    path(
        "block-templates/<int:pk>/blocks/new/",
        block_templates.block_template_blocks_create,
        name="block-template-blocks-create",
    ),
    path(
        "block-templates/<int:pk>/delete/",
        block_templates.block_template_delete,
        name="block-template-delete",
    ),
    path("blocks/<int:pk>/notes/new/", notes.note_create, name="note-create"),
    path("notes/<int:pk>/edit/", notes.note_edit, name="note-edit"),
    path("notes/<int:pk>/delete/", notes.note_delete, name="note-delete"),
    path("notes/<int:pk>/restore/", notes.note_restore, name="note-restore"),
    path("me/sessions/<int:pk>/", athlete_plan.athlete_session_detail, name="athlete-session"),
    path(
        "athletes/<int:pk>/plan-visibility/",
        athlete_plan.athlete_visibility_edit,
        name="athlete-visibility-edit",
    ),
    path("feed/<str:token>.ics", feed.feed_calendar_file, name="feed-calendar"),
    path("me/calendar/new-address/", feed.feed_rotate, name="feed-rotate"),
    path("me/sessions/<int:pk>/watch.fit", watch.watch_session_download, name="watch-session"),
    path("account/email/", plan_emails.email_settings_edit, name="email-settings"),
    path("email/unsubscribe/<str:token>/", plan_emails.email_unsubscribe, name="email-unsubscribe"),
    path(
        "sessions/<int:pk>/watch.fit",
        watch.watch_session_coach_download,
        name="watch-session-coach",
    ),
    path(
        "feed/<str:token>/sessions/<int:pk>.fit",
        watch.watch_session_feed_download,
        name="watch-session-feed",
    ),
    # Availability (docs/running.md §4.5), athletes' moves and the coach's locks against them.
    path("me/availability/", avail.my_availability, name="availability-mine"),
    path("me/availability/week/", avail.my_availability_week, name="availability-mine-week"),
    path(
        "athletes/<int:pk>/availability/", avail.athlete_availability, name="availability-athlete"
    ),
    path(
        "athletes/<int:pk>/availability/week/",
        avail.athlete_availability_week,
        name="availability-athlete-week",
    ),
    path("availability/<int:pk>/edit/", avail.availability_edit, name="availability-edit"),
    path("availability/<int:pk>/delete/", avail.availability_delete, name="availability-delete"),
    path("me/sessions/<int:pk>/move/", moves.athlete_session_move, name="athlete-session-move"),
    path(
        "sessions/<int:pk>/athlete-lock/", moves.session_athlete_lock, name="session-athlete-lock"
    ),
    path("blocks/<int:pk>/athlete-moves/", moves.block_athlete_moves, name="block-athlete-moves"),
]
