"""The actions a user may take anywhere in the service, for navigation and page links.

Each is named ``<module>.<action>`` after its policy module's GENERAL_RULES, e.g.
``deadlines.view_rules``; templates read the set as ``site_can``.
"""

from policy import accounts, audit, deadlines, inspections, local_areas, people, wsoa

MODULES = {"accounts": accounts, "inspections": inspections, "local_areas": local_areas,
           "deadlines": deadlines, "wsoa": wsoa, "audit": audit}


def permitted_generally(*, user) -> frozenset[str]:
    held = people.roles_held(user)
    return frozenset(f"{name}.{action}" for name, module in MODULES.items()
                     for action, rule in module.GENERAL_RULES.items() if rule.who & held)
