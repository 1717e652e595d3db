"""The notification call, with a confirmation step when the call was unusual."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from config.govuk_forms import form_add_service_errors, long_date, posted
from inspections import dates, services
from inspections.models import HealthLeaderCall
from inspections.record_forms import SOMEONE_ELSE, NotificationForm, lano_contacts
from inspections.views.records_common import (
    form_page,
    inspection_for,
    to_overview,
)
from local_areas import services as area_services
from local_areas.models import ContactRole
from local_areas.selectors import contact_holding_role_on, health_partners_on


class _Checked(Exception):
    """Undoes a call recorded only to check that the service accepts it."""


def _described(call) -> str:
    """A health call given to the service, in the words the overview uses."""
    return HealthLeaderCall(person_called=call.person_called, job_title=call.job_title,
                            health_partner=call.health_partner,
                            organisation=call.organisation).described


def _name_new_lano(inspection, form, by):
    """Add the newly named LANO to the area's contacts from the day of the call."""
    data = form.cleaned_data
    try:
        return area_services.contact_add(
            local_area=inspection.local_area, by=by, role=ContactRole.LANO,
            name=data["new_lano_name"].strip(), email=data["new_lano_email"],
            start_date=data["called_on"])
    except ValidationError as error:
        by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        on_form: dict[str, list[str]] = {}
        for key, messages_ in by_field.items():
            on_form.setdefault("new_lano_email" if key == "email" else "new_lano_name", []).extend(
                f"{data['new_lano_name']} cannot be added as LANO: {message}"
                for message in messages_)
        raise ValidationError(on_form) from error


def _notification_form(request, inspection, contacts, initial) -> NotificationForm:
    partners = health_partners_on(local_area=inspection.local_area,
                                  on=inspection.onsite_start)
    team = [(member.user, member.get_role_display()) for member in inspection.team.all()]
    return NotificationForm(posted(request), initial=initial, contacts=contacts,
                            area_name=inspection.local_area.name,
                            call_rule=dates.notification_call(inspection),
                            health_partners=partners,
                            team=team, add_health_call="add_health_call" in request.POST)


@require_http_methods(["GET", "POST"])
def notify(request, pk: int):
    inspection, _ = inspection_for(request, pk, action="notify")
    contacts = lano_contacts(local_area=inspection.local_area,
                             onsite_start=inspection.onsite_start)
    expected = contact_holding_role_on(local_area=inspection.local_area, role=ContactRole.LANO,
                                       on=inspection.onsite_start)
    initial = {"lano": str(expected.pk) if expected else (None if contacts else SOMEONE_ELSE)}
    form = _notification_form(request, inspection, contacts, initial)
    if "add_health_call" in request.POST:
        # Another row for a call, with everything typed kept and nothing checked yet.
        return form_page(request, inspection, form.without_errors(),
                         "Record the notification call",
                         template="inspections/records/notify.html")
    if request.method == "POST" and form.is_valid() and "change" not in request.POST:
        checking = request.POST.get("confirm") != "yes"
        try:
            # A new LANO is kept only if the notification itself is recorded.
            with transaction.atomic():
                lano = form.chosen_lano or _name_new_lano(inspection, form, request.user)
                warnings = services.inspection_notify(inspection=inspection, by=request.user,
                                                      lano=lano, **form.service_arguments())
                if checking:
                    raise _Checked
        except _Checked:
            # "Continue" leads to the check page, offered only for a call the service has
            # just accepted (and rolled back); an unusual call is recorded only once someone
            # has read there why it is unusual.
            return _confirm_page(request, inspection, form, warnings)
        except ValidationError as error:
            form_add_service_errors(form, form.service_errors(error))
        else:
            response = to_overview(request, inspection, f"Notification call recorded. "
                                                        f"{lano.name} is the LANO, and "
                                                        f"{inspection.local_area.name} can now "
                                                        f"see the inspection.")
            for warning in warnings:
                messages.warning(request, f"Recorded with a warning: {warning}")
            return response
    return form_page(request, inspection, form, "Record the notification call",
                     template="inspections/records/notify.html")


def _moment(value) -> str:
    local = timezone.localtime(value)
    return f"{long_date(local.date())} at {local:%H:%M}"


def _confirm_page(request, inspection, form, warnings: list[str]):
    data = form.cleaned_data
    carried = [(name, value) for name, values in request.POST.lists()
               if name not in ("csrfmiddlewaretoken", "confirm", "change", "submit",
                               "add_health_call")
               for value in values]
    lano = form.chosen_lano
    arguments = form.service_arguments()
    summary = [
        ("Call", f"{long_date(data['called_on'])} at {data['called_time']:%H:%M}"),
        ("Person called", f"{data['person_called']}, {form.person_called_role}"),
        ("LANO", lano.name if lano else f"{data['new_lano_name']} (new)"),
        *((f"CQC's call {number}", f"{_described(call)}, {_moment(call.called_at)}")
          for number, call in enumerate(arguments["health_calls"], start=1)),
    ]
    if arguments["lano_called_at"]:
        took_part = ", ".join(str(user) for user in arguments["lano_call_team"])
        summary.append(("Call with the LANO", _moment(arguments["lano_called_at"])
                        + (f", with {took_part}" if took_part else "")))
    return render(request, "inspections/records/notify_confirm.html", {
        "inspection": inspection, "warnings": warnings, "carried": carried,
        "summary": summary,
    })
