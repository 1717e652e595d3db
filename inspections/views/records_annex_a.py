"""Recording when an Annex A item of a 2023 inspection came in (docs/decisions/0020)."""

from django.http import Http404
from django.views.decorators.http import require_http_methods

from config.govuk_forms import form_submit, posted
from deadlines.arithmetic import due_when
from deadlines.rules_data import ANNEX_A_RULES
from inspections import services
from inspections.models import Framework
from inspections.record_forms import AnnexAForm
from inspections.services.annex_a import RECORDABLE, annex_a_clock
from inspections.views.records_common import form_page, inspection_for, to_overview


@require_http_methods(["GET", "POST"])
def annex_a(request, pk: int, code: str):
    inspection, _ = inspection_for(request, pk, action="record_annex_a")
    if code not in ANNEX_A_RULES or inspection.framework != Framework.AREA_SEND_2023:
        raise Http404("Only a 2023 full inspection asks for Annex A information")
    deadline = annex_a_clock(inspection=inspection, rule_code=code)
    form = AnnexAForm(posted(request), done_by_inspectors=code == "annex_a_case_selection")

    def record(*, at, **_):
        return services.annex_a_record(inspection=inspection, by=request.user,
                                       rule_code=code, at=at)

    done = form_submit(request, form, record)
    if done:
        met = done.value
        return to_overview(request, inspection, f"{met.rule.description}: recorded at "
                                                f"{met.met_time_words} on "
                                                f"{met.met_on.day} {met.met_on:%B %Y}")
    waiting = deadline is not None and deadline.status in RECORDABLE
    title = (deadline.rule.description if deadline else
             "Annex A information")
    due = (f"It is due {due_when(deadline.due_date, deadline.due_time)} (UK time)."
           if waiting else "")
    note = "" if waiting else ("There is nothing to record: this information is asked for "
                               "when the local area is notified, and recorded once.")
    return form_page(request, inspection, form if waiting else None, title,
                     template="inspections/records/annex_a.html", due=due, note=note)
