"""Refused access, recorded: who asked for which route and object, and what they were told.

The access helpers answer "not found" (Http404) for what is missing or not the user's, and
"forbidden" (PermissionDenied) for a step they may not take. Either is raised out of the
service's transaction, which rolls back; RefusedAccessMiddleware.process_exception runs after
that, outside it, and writes the row in a transaction of its own, so the refusal is kept
however the request ended. Rows hold the route's name and the ids in its address, never
content. They are bounded: one row per user, route and object a minute (the cache
remembers which were written), so a user repeating a refused request cannot grow the table
faster than that. See docs/decisions/0022.
"""

import hashlib
import logging

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from audit.services import _CODE, MAX_CODE_LENGTH, audit_record

# One row per user, route and object within this many seconds.
REFUSAL_WINDOW_SECONDS = 60
logger = logging.getLogger(__name__)


def _address_ids(kwargs: dict) -> dict:
    """The ids and codes in the route's address; anything else (a value typed into the
    address that is no code) as None: the row says that one was given, not what it was."""
    ids = {}
    for name, value in sorted(kwargs.items()):
        if isinstance(value, int) or (isinstance(value, str) and len(value) <= MAX_CODE_LENGTH
                                      and _CODE.fullmatch(value)):
            ids[name] = value
        else:
            ids[name] = None
    return ids


def _first_in_window(*, user_id: int, route: str, ids: dict) -> bool:
    """Whether no refusal of this user, route and object was recorded in the window. With
    the cache unavailable, every refusal is recorded: the trail is not given up."""
    key = "audit:refused:" + hashlib.sha256(
        f"{user_id}|{route}|{sorted(ids.items())}".encode()).hexdigest()
    try:
        return cache.add(key, 1, timeout=REFUSAL_WINDOW_SECONDS)
    except Exception:  # the cache is a bound, not a dependency
        logger.warning("Refused access recorded without its bound: the cache is unavailable")
        return True


def access_refused_record(*, request, status: int):
    """Record that the signed-in user was refused the route they asked for (status: what
    they were answered). Signed-out visitors are sent to sign in, not refused. Returns the
    row, or None when none was written."""
    user, match = request.user, request.resolver_match
    if not user.is_authenticated or match is None:
        return None
    route, ids = match.view_name, _address_ids(match.kwargs)
    if not _first_in_window(user_id=user.pk, route=route, ids=ids):
        return None
    with transaction.atomic():
        return audit_record(actor=user, action="access.refused",
                            after={"route": route, "status": status,
                                   "method": request.method, **ids})


class RefusedAccessMiddleware:
    """Records every "not found" and "forbidden" a view raises (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            access_refused_record(request=request, status=404)
        elif isinstance(exception, PermissionDenied):
            access_refused_record(request=request, status=403)
        return None  # Django answers as it would have
