from accounts import roles


def user_role_names(*, user) -> frozenset[str]:
    """The names of the user's roles, read once per request and kept on the user."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def user_primary_role(*, user) -> str | None:
    """The role shown in the header: the first held, in the order roles are declared."""
    held = user_role_names(user=user)
    return next((role for role in roles.ALL_ROLES if role in held), None)
