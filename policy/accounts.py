"""Who may look after other people's sign-in: Ofsted admins."""

from django.core.exceptions import PermissionDenied

from policy import people
from policy.rules import Rule, refusal, rule

GENERAL_RULES: dict[str, Rule] = {
    "unlock": rule({people.ADMIN}, "unlock accounts locked after failed sign-ins"),
    "reset_two_factor": rule({people.ADMIN}, "reset another person's two-factor "
                                              "authentication"),
}


def can_generally(user, action: str) -> bool:
    return bool(GENERAL_RULES[action].who & people.roles_held(user))


def require_generally(user, action: str) -> None:
    """Raise PermissionDenied, in words, unless the user may take the action."""
    if not can_generally(user, action):
        raise PermissionDenied(refusal(GENERAL_RULES[action], people.NAMES))
