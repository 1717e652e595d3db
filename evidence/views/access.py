"""How every evidence page finds its inspection: one access helper for the evidence base,
its requests, documents and retention."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from evidence.selectors import inspection_get_for_evidence
from inspections.models import Inspection
from policy import evidence as policy


def inspection_for(request, pk: int, *, action: str | None = None,
                   hidden_without: str | None = None) -> tuple[Inspection, frozenset[str]]:
    """The inspection, with what the policy reads, and every evidence action the user may
    take on it. "Not found" for those who may not see the inspection, and for those who
    see it but may not `hidden_without` (pages whose very existence is the inspectorates'
    own); "forbidden" for those who may not take `action` (no action: any who see it)."""
    inspection = inspection_get_for_evidence(user=request.user, pk=pk)
    can = policy.permitted(user=request.user, inspection=inspection)
    if hidden_without is not None and hidden_without not in can:
        raise Http404("No such inspection")
    if action is not None and action not in can:
        raise PermissionDenied(policy.refusal(action))
    return inspection, can
