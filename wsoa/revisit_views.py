"""A 2016 re-visit's judgement of progress on each area of significant weakness of the
statement it follows (handbook 117), on the statement's own address: recorded by the lead
inspector of its latest re-visit; seen by the inspectorates (those of the statement's
inspection, and the re-visit's team) until the re-visit's letter reports it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from config.govuk_forms import form_submit, posted
from policy import wsoa as policy
from wsoa import page_selectors, services
from wsoa.models import RevisitJudgement, Wsoa
from wsoa.revisit_forms import ProgressForm


@require_http_methods(["GET", "POST"])
def revisit_progress(request, pk: int):
    wsoa = (Wsoa.objects.select_related("inspection__local_area", "local_area")
            .prefetch_related("inspection__team").filter(pk=pk).first())
    if wsoa is None:
        raise Http404("No such written statement of action")
    revisit = page_selectors.latest_revisit(wsoa)
    sees_statement = policy.visible_to(user=request.user).filter(pk=wsoa.pk).exists()
    on_revisit = revisit is not None and policy.can_on_revisit(request.user, revisit,
                                                              "view_progress")
    if not (sees_statement or on_revisit):
        raise Http404("No such written statement of action")
    if not (on_revisit or policy.can(request.user, wsoa, "view_progress")):
        raise PermissionDenied(policy.refusal("view_progress"))
    can_judge = revisit is not None and policy.can_on_revisit(request.user, revisit,
                                                              "judge_progress")
    if request.method == "POST" and not can_judge:
        raise PermissionDenied(policy.refusal("judge_progress"))
    weaknesses = services.weaknesses_of(wsoa)
    judged = ({j.weakness_id: j for j in RevisitJudgement.objects.filter(revisit=revisit)}
              if revisit is not None else {})
    form = ProgressForm(posted(request), weaknesses=weaknesses,
                        initial={f"weakness_{w}": j.progress for w, j in judged.items()})
    done = form_submit(request, form, lambda **_: services.revisit_judge(
        revisit=revisit, by=request.user, judgements=form.judgements()))
    if done:
        messages.success(request, "The judgements of progress are recorded")
        return redirect("wsoa:revisit-progress", wsoa.pk)
    return render(request, "wsoa/revisit_progress.html", {
        "revisit": revisit, "wsoa": wsoa, "form": form, "can_judge": can_judge,
        "open": revisit is not None and revisit.state in services.JUDGING_STATES,
        "judged": [(w, judged.get(w.pk)) for w in weaknesses]})
