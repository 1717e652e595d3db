"""A 2016 re-visit's judgement of progress on each area of significant weakness of the
statement it follows (handbook 117): recorded by its lead inspector; seen by the
inspectorates until the re-visit's letter reports it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from config.govuk_forms import form_submit, posted
from policy import inspections as inspection_policy
from policy import wsoa as policy
from wsoa import services
from wsoa.models import RevisitJudgement, Wsoa
from wsoa.revisit_forms import ProgressForm


@require_http_methods(["GET", "POST"])
def revisit_progress(request, pk: int):
    revisit = get_object_or_404(
        inspection_policy.visible_to(user=request.user).select_related("local_area")
        .prefetch_related("team"), pk=pk)
    if revisit.revisit_of_id is None or not policy.can_on_revisit(request.user, revisit,
                                                                  "view_progress"):
        raise Http404("No such re-visit")
    wsoa = Wsoa.objects.filter(inspection_id=revisit.revisit_of_id).first()
    if wsoa is None:
        raise Http404("The inspection re-visited has no written statement of action")
    can_judge = policy.can_on_revisit(request.user, revisit, "judge_progress")
    if request.method == "POST" and not can_judge:
        raise PermissionDenied(policy.refusal("judge_progress"))
    weaknesses = services.weaknesses_of(wsoa)
    judged = {j.weakness_id: j for j in RevisitJudgement.objects.filter(revisit=revisit)}
    form = ProgressForm(posted(request), weaknesses=weaknesses,
                        initial={f"weakness_{w}": j.progress for w, j in judged.items()})
    done = form_submit(request, form, lambda **_: services.revisit_judge(
        revisit=revisit, by=request.user, judgements=form.judgements()))
    if done:
        messages.success(request, "The judgements of progress are recorded")
        return redirect("wsoa:revisit-progress", revisit.pk)
    return render(request, "wsoa/revisit_progress.html", {
        "revisit": revisit, "wsoa": wsoa, "form": form, "can_judge": can_judge,
        "open": revisit.state in services.JUDGING_STATES,
        "judged": [(w, judged.get(w.pk)) for w in weaknesses]})
