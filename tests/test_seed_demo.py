"""seed_demo: deterministic demo data and its manifest of accounts."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from local_areas.models import AreaContact, ContactRole
from local_areas.selectors import contact_holding_role_on

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True


def _seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def test_manifest_lists_every_demo_account_with_role_and_area(tmp_path):
    manifest = tmp_path / "accounts.json"
    output = _seed(manifest=manifest)
    accounts = json.loads(manifest.read_text())
    assert f"password is: {DEMO_PASSWORD}" in output
    assert {tuple(sorted(a)) for a in accounts} == {("local_area", "role", "username")}
    roles_seen = {a["role"] for a in accounts}
    assert roles_seen == {"Ofsted admin", "Inspector", "Quality assurance",
                          "Local area officer", "Local area leader", "DfE adviser"}
    local = {a["username"]: a["local_area"] for a in accounts if a["local_area"]}
    assert local == {"lano.medway": "Medway", "leader.medway": "Medway",
                     "lano.barnet": "Barnet", "leader.barnet": "Barnet",
                     "lano.essex": "Essex", "leader.essex": "Essex"}
    for account in accounts:
        user = User.objects.get(username=account["username"])
        assert user.check_password(DEMO_PASSWORD)
        assert list(user.groups.values_list("name", flat=True)) == [account["role"]]


def test_running_it_twice_changes_nothing():
    _seed()
    users, contacts = User.objects.count(), AreaContact.objects.count()
    _seed()
    assert (User.objects.count(), AreaContact.objects.count()) == (users, contacts)


def test_demo_lano_is_the_registered_lano_of_their_area(medway):
    _seed()
    current = contact_holding_role_on(local_area=medway, role=ContactRole.LANO,
                                      on=datetime.date(2026, 1, 5))
    assert current.user.username == "lano.medway"
    in_2017 = contact_holding_role_on(local_area=medway, role=ContactRole.LANO,
                                      on=datetime.date(2017, 12, 4))
    assert in_2017.name == "Wendy Vincent" and in_2017.user is None


def test_it_refuses_to_run_outside_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo")
    assert not User.objects.filter(username="ofsted.admin").exists()


def test_demo_clocks_run_on_the_demo_inspections():
    from django.db.models import F

    from deadlines.models import Deadline
    from inspections.models import Inspection

    _seed()
    _seed()
    running = Deadline.objects.filter(status__in=["open", "missed", "paused"])
    demo = set(Inspection.objects.values_list("reference", flat=True))
    cases = set(running.values_list("inspection__reference", flat=True))
    assert "SEND-KENT-NEXT" in cases and cases <= demo
    assert not Deadline.objects.exclude(local_area=F("inspection__local_area")).exists()
    assert {"notification_2023", "factual_accuracy", "publication", "final_report",
            "next_full_inspection_2", "annex_a_tracked_cases"} <= set(
        running.values_list("rule__code", flat=True))


def test_demo_inspections_cover_every_state_and_medway_2017():
    from inspections.demo import DEMO_LETTER_STATES, DEMO_STATES
    from inspections.models import Inspection
    from reports.models import LetterReview, OutcomeLetter

    _seed()
    _seed()
    assert set(Inspection.objects.values_list("state", flat=True)) == DEMO_STATES
    assert set(OutcomeLetter.objects.filter(inspection__state="reporting")
               .values_list("state", flat=True)) == DEMO_LETTER_STATES
    assert Inspection.objects.count() == 20  # 13, and wsoa.demo's six and a re-visit
    returned = OutcomeLetter.objects.get(inspection__reference="SEND-MANCHESTER-QA")
    assert (returned.state, returned.versions.count()) == ("quality_assurance", 2)
    assert list(LetterReview.objects.filter(decision="returned").values_list(
        "version__letter", "version__number", "inspectorate")) == [(returned.pk, 1, "cqc")]
    # Version 2 is approved by Ofsted and waits for CQC's approval.
    assert list(LetterReview.objects.filter(version__letter=returned, decision="approved")
                .values_list("version__number", "inspectorate")) == [(2, "ofsted")]
    medway = Inspection.objects.get(reference="SEND-MEDWAY-2017-12")
    assert (medway.onsite_start, medway.onsite_end) == (datetime.date(2017, 12, 4),
                                                        datetime.date(2017, 12, 8))
    assert (medway.letter.final_issued_on, medway.published_on) == (
        datetime.date(2018, 1, 31), datetime.date(2018, 2, 8))
    assert medway.state == "published"
    assert (medway.notified_on, medway.feedback_on, medway.letter.draft_sent_on,
            medway.letter.comments_received_on) == (
        datetime.date(2017, 11, 27), datetime.date(2017, 12, 8), datetime.date(2018, 1, 10),
        datetime.date(2018, 1, 22))
    assert medway.notification_call.person_called == "Ian Sutherland"
    assert medway.notification_call.person_called_role == (
        "Director of Children's Services, Medway Council")
    # CQC's call, as the letter names the CCG's chief executive; and the joint call with
    # the LANO, by the lead inspector and the CQC inspector.
    assert [call.described for call in medway.notification_call.health_calls.all()] == [
        "Caroline Selkirk, Chief Executive, NHS Kent and Medway Clinical Commissioning Group"]
    assert sorted(user.get_full_name()
                  for user in medway.notification_call.lano_call_team.all()) == [
        "Diana Choulerton", "Karen Collins-Becket"]
    assert medway.notification_call.lano_called_at is not None
    # The team, the addressees and the signatories as the letter of 31 January 2018 names
    # them.
    assert sorted((m.role, m.user.get_full_name(), m.user.job_title, m.user.inspectorate)
                  for m in medway.team.select_related("user")) == [
        ("cqc", "Karen Collins-Becket", "CQC children's services inspector", "cqc"),
        ("lead", "Diana Choulerton", "HMI lead inspector", "ofsted"),
        ("oi", "Keith Tysoe", "Ofsted Inspector", "ofsted")]
    assert medway.lano.name == "Wendy Vincent"
    on_site = {(c.role, c.name, c.job_title, c.health_partner.name if c.health_partner else "")
               for c in AreaContact.objects.filter(local_area=medway.local_area,
                                                   start_date__lte=medway.onsite_start)
               .exclude(end_date__lt=medway.onsite_start)}
    assert on_site == {
        ("dcs", "Ian Sutherland", "Director of Children's Services", ""),
        ("health_ce", "Caroline Selkirk", "Chief Executive",
         "NHS Kent and Medway Clinical Commissioning Group"),
        ("lano", "Wendy Vincent", "Head of Integrated 0-25 Disability Services", "")}
    assert list(medway.letter.signatories.values_list("inspectorate", "name", "title")) == [
        ("ofsted", "Christopher Russell", "Regional Director"),
        ("cqc", "Ursula Gallagher",
         "Deputy Chief Inspector, Primary Medical Services, Children Health and Justice")]
    assert Inspection.objects.filter(framework="2023", outcome__isnull=False).exists()


@pytest.mark.parametrize("moment", [
    datetime.datetime(2026, 12, 7, 8, 0),   # a Monday, before its call and start on site
    datetime.datetime(2026, 12, 7, 10, 5),  # after the call, before CQC's call at 10:15
    datetime.datetime(2027, 5, 3, 12, 0),   # the early May bank holiday Monday
    datetime.datetime(2026, 12, 6, 12, 0),  # a Sunday
    datetime.datetime(2026, 12, 11, 17, 0),  # a Friday evening
], ids=["monday-early", "monday-mid-morning", "bank-holiday-monday", "sunday",
        "friday-evening"])
def test_the_demo_records_nothing_still_to_come_whenever_it_is_loaded(moment):
    import time_machine

    from config import clock
    from inspections.models import Concern, DeferralRequest, Inspection, Meeting
    from reports.models import OutcomeLetter

    with time_machine.travel(moment.replace(tzinfo=clock.ENGLAND), tick=False):
        _seed()
        now, today = clock.now(), clock.today()
    assert Inspection.objects.count() == 20  # 13, and wsoa.demo's six and a re-visit
    days = [day for row in Inspection.objects.values_list(
        "notified_on", "feedback_on", "published_on", "closed_on") for day in row]
    days += [day for row in OutcomeLetter.objects.values_list(
        "draft_sent_on", "comments_received_on", "final_issued_on") for day in row]
    days += list(DeferralRequest.objects.values_list("requested_on", flat=True))
    days += list(Meeting.objects.values_list("held_on", flat=True))
    days += list(Concern.objects.values_list("raised_on", flat=True))
    assert max(day for day in days if day) <= today
    from inspections.models import HealthLeaderCall, NotificationCall

    calls = [*NotificationCall.objects.values_list("called_at", "lano_called_at"),
             *HealthLeaderCall.objects.values_list("called_at")]
    assert max(moment for row in calls for moment in row if moment) <= now
    assert not Inspection.objects.filter(state="on_site", onsite_start__gt=today).exists()


def test_demo_staff_sign_in_by_setting_up_an_app_from_the_key_on_the_page(client):
    import base64
    import re

    from django.urls import reverse
    from django_otp.oath import TOTP

    output = _seed()
    assert "set up an authenticator app at their first sign-in" in output
    client.post(reverse("accounts:sign-in"), {"username": "ofsted.admin",
                                              "password": DEMO_PASSWORD})
    page = client.get(reverse("accounts:two-factor-set-up")).content.decode()
    key = re.search(r'id="authenticator-key">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    code = TOTP(base64.b32decode(key + "=" * (-len(key) % 8))).token()
    client.post(reverse("accounts:two-factor-set-up"), {"code": f"{code:06d}"})
    assert client.get(reverse("home")).status_code == 200
