"""Reads the deadline pages need besides the clocks themselves: rules, history, notifications."""

from django.db.models import QuerySet
from django.http import Http404

from audit.models import AuditEvent
from deadlines.models import Deadline, NonWorkingDay, Notification, Reminder, StatutoryRule
from policy import deadlines as policy

DEADLINE_OBJECT_TYPE = Deadline._meta.label_lower


def user_may_watch_deadlines(*, user) -> bool:
    """Ofsted admins watch every clock; DfE advisers watch the WSOA ones."""
    return policy.can_generally(user, "watch")


def rule_list() -> QuerySet[StatutoryRule]:
    return StatutoryRule.objects.order_by("code")


def deadline_history(*, deadline: Deadline) -> QuerySet[AuditEvent]:
    """Everything that happened to one clock, newest first."""
    return AuditEvent.objects.filter(object_type=DEADLINE_OBJECT_TYPE,
                                     object_id=str(deadline.pk)).order_by("-at", "-id")


def deadline_reminders(*, deadline: Deadline) -> QuerySet[Reminder]:
    return Reminder.objects.filter(deadline=deadline).order_by("send_on", "id")


def non_working_day_list() -> QuerySet[NonWorkingDay]:
    return NonWorkingDay.objects.select_related("added_by").order_by("day")


def non_working_day_get(*, pk: int) -> NonWorkingDay:
    entry = NonWorkingDay.objects.filter(pk=pk).first()
    if entry is None:
        raise Http404("No such non-working day")
    return entry


# Newest first, down notification_user_page_idx.
NOTIFICATION_ORDER = ("-created_at", "-id")


def notifications_for_user(*, user) -> QuerySet[Notification]:
    """The user's own notifications, newest first (NOTIFICATION_ORDER)."""
    return Notification.objects.filter(user=user).order_by(*NOTIFICATION_ORDER)


def notifications_unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
