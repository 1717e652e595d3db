"""The shape every policy table shares: a rule says which relationships allow an action."""

from dataclasses import dataclass

from policy import people


@dataclass(frozen=True)
class Rule:
    who: frozenset[str]
    doing: str  # "Only … can <doing>"


def rule(who: set[str] | frozenset[str], doing: str) -> Rule:
    return Rule(frozenset(who), doing)


def refusal(rule: Rule, names: dict[str, str] | None = None) -> str:
    names = names or people.NAMES
    return f"Only {' or '.join(sorted({names[name] for name in rule.who}))} can {rule.doing}"
