"""Who may read the audit trail: Ofsted admins."""

from policy import people
from policy.rules import Rule, rule

GENERAL_RULES: dict[str, Rule] = {
    "view": rule({people.ADMIN}, "read the audit trail"),
}


def can_generally(user, action: str) -> bool:
    return bool(GENERAL_RULES[action].who & people.roles_held(user))
