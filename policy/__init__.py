"""Who may see and do what: the one access policy of the service.

One module per protected model (or family of models) answers ``can(user, obj, action)`` and
provides the queryset of what a user may see. Services, views, templates (through the
``can`` set a view puts in the context), selectors and the reminder sweep all ask it; no
other module names a set of roles. The table in docs/decisions/0010-one-access-policy.md is
checked against these modules by tests/policy/test_policy_table.py.

Where the policy needs a fact about a person it reads the store that holds it: the role
(a Django group, with the model permissions declared in accounts/roles.py), the inspectorate
they work for (``User.inspectorate``), their local area, and django-guardian's object grants,
which policy.grants derives from the rows that justify them.
"""
