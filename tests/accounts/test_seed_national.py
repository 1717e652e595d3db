"""seed_demo --scale national: ten years of national data, at a small fraction here."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q

from config import clock
from config.national import fingerprint
from tests.conftest import midday_in_england

pytestmark = pytest.mark.django_db

# A Wednesday, a working day; ten years back is before the 2016 framework's first re-visits.
TODAY = datetime.date(2026, 12, 2)
FRACTION = 0.01
# The national inspections' references (the large one's aside).
NATIONAL = r"-N[0-9]{4}$"


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(midday_in_england(TODAY), tick=False):
        yield TODAY


def _seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, verbosity=0, **options)
    return out.getvalue()


@pytest.fixture
def seeded() -> str:
    return _seed(scale="national", fraction=FRACTION)


def test_every_state_letter_state_and_framework_is_there(seeded):
    from inspections.models import Framework, Inspection, State
    from reports.models import LetterState, OutcomeLetter

    national = Inspection.objects.filter(reference__regex=NATIONAL)
    assert set(national.values_list("state", flat=True)) == set(State.values)
    assert set(national.values_list("framework", flat=True)) == set(Framework.values)
    assert set(OutcomeLetter.objects.filter(inspection__in=national, inspection__state="reporting")
               .values_list("state", flat=True)) == set(LetterState.values)
    # A re-visit follows a published 2016 inspection of the same area.
    for revisit in national.filter(framework=Framework.REVISIT_2016).select_related("revisit_of"):
        assert revisit.revisit_of.framework == Framework.LOCAL_AREA_SEND_2016
        assert revisit.revisit_of.local_area_id == revisit.local_area_id
        assert revisit.revisit_of.published_on < revisit.onsite_start
    # Outcomes where the framework has them, and only there.
    assert not national.filter(outcome__isnull=False).exclude(framework="2023").exists()
    assert not national.filter(framework="2023", state__in=["published", "closed"],
                               outcome__isnull=True).exists()
    # Nothing is recorded as done after today.
    for field in ("notified_on", "feedback_on", "published_on", "closed_on"):
        assert not national.filter(**{f"{field}__gt": TODAY}).exists()
    assert not national.filter(state="on_site", onsite_start__gt=TODAY).exists()
    assert not national.filter(state="planning", onsite_start__lte=TODAY).exists()
    assert not national.filter(state="published").exclude(published_on__lte=TODAY).exists()


def test_every_current_area_has_its_people_and_health_partner_today(seeded):
    from local_areas.models import AreaContact, AreaHealthPartner, LocalArea

    current = LocalArea.objects.valid_on(TODAY)
    assert current.count() == 153  # 152 until Cumbria was split in April 2023
    for role in ("lano", "dcs"):
        held = AreaContact.objects.filter(role=role).valid_on(TODAY, start="start_date",
                                                              end="end_date")
        assert set(held.values_list("local_area", flat=True)) == set(
            current.values_list("pk", flat=True))
    partnered = AreaHealthPartner.objects.valid_on(TODAY).values_list("local_area", flat=True)
    assert set(partnered) == set(current.values_list("pk", flat=True))
    # One holder of a role on any day: no two LANO terms of an area overlap.
    for area in current:
        terms = sorted(AreaContact.objects.filter(local_area=area, role="lano")
                       .values_list("start_date", "end_date"))
        for (_, end), (start, _next_end) in zip(terms, terms[1:], strict=False):
            assert end is not None and end < start


def test_accounts_in_every_role_share_the_demo_password(seeded):
    from accounts import roles
    from accounts.demo import DEMO_PASSWORD, DEMO_USERS
    from accounts.models import User

    national = User.objects.exclude(username__in=[row[0] for row in DEMO_USERS])
    assert set(national.values_list("groups__name", flat=True)) == set(roles.ALL_ROLES)
    assert national.values("password").distinct().count() == 1
    assert national.first().check_password(DEMO_PASSWORD)
    assert not national.filter(groups__isnull=True).exists()


def test_one_lead_per_inspection_and_the_team_holds_the_grants(seeded):
    from guardian.models import UserObjectPermission

    from inspections.models import Inspection, TeamMember

    leads = Inspection.objects.annotate(leads=Count("team", filter=Q(team__role="lead")))
    assert set(leads.values_list("leads", flat=True)) == {1}
    team = set(TeamMember.objects.values_list("user_id", "inspection_id"))
    granted = {(user, int(pk)) for user, pk in UserObjectPermission.objects.filter(
        permission__codename="view_inspection").values_list("user_id", "object_pk")}
    assert granted == team


def test_the_large_inspection_is_the_demo_leads_and_has_the_most_records(seeded):
    from accounts.models import User
    from inspections.models import Inspection
    from inspections.national import LARGE_REFERENCE
    from inspections.selectors import inspection_list_for_inspector

    by_meetings = Inspection.objects.annotate(n=Count("meetings")).order_by("-n")
    largest, runner_up = by_meetings[:2]
    assert largest.reference == LARGE_REFERENCE
    assert largest.n > 2 * runner_up.n
    assert largest.lines_of_enquiry.count() == max(
        i.lines_of_enquiry.count() for i in Inspection.objects.all())
    lead = User.objects.get(username="hmi.lead")
    assert largest.team.get(role="lead").user == lead
    mine = inspection_list_for_inspector(user=lead)
    assert LARGE_REFERENCE in set(mine.values_list("reference", flat=True))
    assert mine.count() > 2


def test_clocks_run_once_per_rule_and_inspection_and_count_on_the_calendar(seeded):
    from deadlines.models import Deadline
    from deadlines.selectors import calendar_current
    from deadlines.services import deadline_compute

    deadlines = Deadline.objects.select_related("rule")
    assert deadlines.count() >= 1000
    assert set(deadlines.values_list("status", flat=True)) == {
        "open", "met", "missed", "paused", "cancelled"}
    running = deadlines.filter(status__in=["open", "paused"])
    assert not running.values("rule", "inspection").annotate(n=Count("id")).filter(
        n__gt=1).exists()
    assert not deadlines.exclude(local_area=F("inspection__local_area")).exists()
    # A running clock is its rule's latest on the case (what it replaced was made before it):
    # the overview shows each rule's latest clock as its current one.
    later = deadlines.filter(inspection=OuterRef("inspection"), rule=OuterRef("rule"),
                             created_at__gt=OuterRef("created_at"))
    assert not running.filter(Exists(later)).exists()
    # A national clock past its due date is missed, as the sweep would have it (the demo's
    # own clocks are left for the sweep to find).
    assert not deadlines.filter(status="open", due_date__lt=TODAY,
                                inspection__reference__regex=NATIONAL).exists()
    assert running.filter(due_date__gt=TODAY).exists()
    years_ago = TODAY - datetime.timedelta(days=3 * 365)
    assert deadlines.filter(status__in=["met", "missed"], due_date__lt=years_ago).exists()
    calendar = calendar_current()
    for deadline in deadlines:
        assert deadline.due_date == deadline_compute(deadline=deadline,
                                                     calendar=calendar).due_date
        assert deadline.start_event == deadline.rule.starts_on
        assert deadline.rule.applies_under(deadline.inspection.rules_framework)
        if deadline.status == "met":
            assert deadline.met_on <= TODAY


def test_audit_trail_spans_ten_years_with_known_actions_and_no_case_text():
    from audit.models import AuditEvent
    from audit.services import _checked
    from audit.wording import ACTIONS

    # The demo's own events first (their register names are labels the services vouched
    # for); then the national ones, each checked as audit_event checks what it is given.
    _seed()
    demo_last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    _seed(scale="national", fraction=FRACTION)
    events = AuditEvent.objects.filter(pk__gt=demo_last)
    assert events.count() >= 10_000
    years = {moment.year for moment in events.values_list("at", flat=True)}
    assert set(range(TODAY.year - 9, TODAY.year + 1)) <= years
    assert max(events.values_list("at", flat=True)) <= clock.now()
    assert set(events.values_list("action", flat=True)) <= set(ACTIONS)
    for before, after in events.values_list("before", "after"):
        _checked(before)
        _checked(after)
    assert events.filter(inspection__isnull=False).exclude(local_area=F("inspection__local_area"))\
        .count() == 0


def test_the_demo_admin_has_read_and_unread_notifications(seeded):
    from deadlines.models import Notification

    mine = Notification.objects.filter(user__username="ofsted.admin")
    assert mine.count() >= 50
    assert mine.filter(read_at__isnull=True).exists() and mine.filter(read_at__isnull=False)\
        .exists()
    assert not Notification.objects.filter(created_at__gt=clock.now()).exists()


def test_it_refuses_to_run_twice_on_the_same_database(seeded):
    from inspections.models import Inspection

    count = Inspection.objects.count()
    with pytest.raises(CommandError, match="already holds the national data"):
        _seed(scale="national", fraction=FRACTION)
    assert Inspection.objects.count() == count


def test_fraction_goes_with_national_only():
    with pytest.raises(CommandError, match="--fraction goes with --scale national"):
        _seed(fraction=0.5)
    with pytest.raises(CommandError, match="more than 0"):
        _seed(scale="national", fraction=0)


def test_two_runs_on_fresh_databases_make_the_same_data():
    def fresh_run() -> tuple[str, str]:
        with transaction.atomic():
            output = _seed(scale="national", fraction=FRACTION)
            made = fingerprint()
            transaction.set_rollback(True)
        return made, output

    first, output = fresh_run()
    second, _ = fresh_run()
    assert first == second
    assert f"Fingerprint: {first}" in output
