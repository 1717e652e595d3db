"""Roles are Django groups, declared here once. Groups hold no model permissions.

Who may do what is decided in one place, the policy package (docs/decisions/0010); the object
grants it reads (a local-area user on their own area, a team member on their inspection) are
derived from the rows that justify them by policy.grants.
"""

OFSTED_ADMIN = "Ofsted admin"
INSPECTOR = "Inspector"
QUALITY_ASSURANCE = "Quality assurance"
LOCAL_AREA_OFFICER = "Local area officer"
LOCAL_AREA_LEADER = "Local area leader"
DFE_ADVISER = "DfE adviser"

ALL_ROLES = (
    OFSTED_ADMIN,
    INSPECTOR,
    QUALITY_ASSURANCE,
    LOCAL_AREA_OFFICER,
    LOCAL_AREA_LEADER,
    DFE_ADVISER,
)
