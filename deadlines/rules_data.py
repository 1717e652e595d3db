"""The statutory rules as first loaded. Ofsted admins may edit them afterwards in the service.

Each rule names the framework its source belongs to (docs/decisions/0020): "2016" for the
2016 framework and handbook (full inspections and re-visits), "2023" for the 2023 framework
(full and monitoring inspections), whose source is the Barnet paper. `RULES` are those loaded
first (migration 0002); `RULES_2023` came with the 2023 framework's own (migration 0011).
"""

import datetime

HANDBOOK = "Ofsted/CQC handbook (2016, updated 2021)"
FRAMEWORK = "Ofsted/CQC framework (2016)"
SLIDES = "Ofsted key messages slides (2017)"
BARNET = "Barnet area SEND paper (2023), describing the 2023 framework"

INSPECTORATES = {"binds_inspectorates": True}
LOCAL_AREA = {"binds_local_area": True}
PRINCIPAL_AUTHORITY = {"binds_principal_authority": True, "binds_local_area": True}
DFE = {"binds_dfe": True}
UNDER_2016, UNDER_2023 = {"framework": "2016"}, {"framework": "2023"}

RULES = [
    dict(code="notification", description="Notify the local area of the inspection",
         starts_on="on-site work starts", stops_on="notification call made",
         period_amount=-5, period_unit="working_days", source=f"{HANDBOOK}, para 17",
         **UNDER_2016, **INSPECTORATES),
    dict(code="factual_accuracy", description="Comment on the draft letter's factual accuracy",
         starts_on="draft letter sent to the area", stops_on="the area's comments received",
         period_amount=10, period_unit="working_days", source=f"{HANDBOOK}, para 67",
         **UNDER_2016, **LOCAL_AREA),
    dict(code="final_report", description="Send the final report to the local area",
         starts_on="last day of on-site work", stops_on="final report sent",
         period_amount=28, period_unit="working_days", source=f"{HANDBOOK}, para 68",
         **UNDER_2016, **INSPECTORATES),
    dict(code="publication", description="Publish the report",
         starts_on="last day of on-site work", stops_on="report published",
         period_amount=33, period_unit="working_days", source=f"{HANDBOOK}, para 68",
         **UNDER_2016, **INSPECTORATES),
    dict(code="wsoa_submission", description="Submit the written statement of action",
         starts_on="principal authority receives the final report",
         stops_on="written statement received", period_amount=70,
         period_unit="working_days", source=f"{HANDBOOK}, para 75", dfe_can_view=True,
         **UNDER_2016, **PRINCIPAL_AUTHORITY),
    dict(code="wsoa_review", description="Review the written statement of action",
         starts_on="written statement received", stops_on="fitness decision sent to the area",
         period_amount=10, period_unit="working_days", source=SLIDES, dfe_can_view=True,
         **UNDER_2016, **INSPECTORATES),
    dict(code="wsoa_resubmission", description="Resubmit the written statement of action",
         starts_on="'not fit for purpose' decision sent", stops_on="revised statement received",
         period_amount=20, period_unit="working_days", source=SLIDES, dfe_can_view=True,
         **UNDER_2016, **PRINCIPAL_AUTHORITY),
    dict(code="dfe_progress_review", description="Advise the Minister on progress",
         starts_on="report published", stops_on="DfE advice recorded", period_amount=12,
         period_unit="months", source=f"{FRAMEWORK}, para 19", dfe_can_view=True,
         **UNDER_2016, **DFE),
    dict(code="revisit", description="Re-visit to assess progress on each significant weakness",
         starts_on="last day of on-site work", stops_on="re-visit carried out",
         period_amount=18, period_unit="months", source=f"{HANDBOOK}, paras 118 and 119",
         **UNDER_2016, **INSPECTORATES),
    dict(code="monitoring_inspection", description="Monitoring inspection after outcome 3",
         starts_on="outcome 3 report published", stops_on="monitoring inspection carried out",
         period_amount=18, period_unit="months", source=f"{BARNET}, para 1.14",
         **UNDER_2023, **INSPECTORATES),
    dict(code="next_full_inspection_1", description="Next full inspection after outcome 1",
         starts_on="outcome 1 report published", stops_on="next full inspection starts",
         period_amount=60, period_unit="months", source=f"{BARNET}, para 1.14",
         **UNDER_2023, **INSPECTORATES),
    dict(code="next_full_inspection_2", description="Next full inspection after outcome 2",
         starts_on="outcome 2 report published", stops_on="next full inspection starts",
         period_amount=36, period_unit="months", source=f"{BARNET}, para 1.14",
         **UNDER_2023, **INSPECTORATES),
    dict(code="next_full_inspection_3", description="Next full inspection after outcome 3",
         starts_on="last day of on-site work", stops_on="next full inspection starts",
         period_amount=36, period_unit="months", source=f"{BARNET}, para 1.14",
         **UNDER_2023, **INSPECTORATES),
]

ANNEX_A = f"{BARNET}, Annex A"
ELEVEN_AM, FIVE_PM = datetime.time(11, 0), datetime.time(17, 0)
NOTIFIED = "notification call made"

# The 2023 framework's own rules. Annex A's timeline (Week 1: Monday, the request; Tuesday by
# 11am; Tuesday by 5pm; Friday by 5pm) is counted in working days from the notification call,
# with the time of day: "by 11am on the day following notification" (para 196).
RULES_2023 = [
    dict(code="notification_2023", description="Notify the local area of the inspection",
         starts_on="the inspection's first day, the Monday of week 1",
         stops_on=NOTIFIED, period_amount=0, period_unit="working_days",
         source=f"{ANNEX_A} (timeline: Week 1, Monday) and para 1.11",
         **UNDER_2023, **INSPECTORATES),
    dict(code="annex_a_person_level_data", description="Provide the person-level data lists",
         starts_on=NOTIFIED, stops_on="person-level data received", period_amount=1,
         period_unit="working_days", due_time=ELEVEN_AM,
         source=f"{ANNEX_A} (Week 1, Tuesday, by 11am), para 196", **UNDER_2023, **LOCAL_AREA),
    dict(code="annex_a_providers_list",
         description="Provide the list of providers and settings for sampling visits",
         starts_on=NOTIFIED, stops_on="list of providers and settings received",
         period_amount=1, period_unit="working_days", due_time=ELEVEN_AM,
         source=f"{ANNEX_A} (Week 1, Tuesday, by 11am), para 205", **UNDER_2023,
         **LOCAL_AREA),
    dict(code="annex_a_send_arrangements",
         description="Provide the requested information about SEND arrangements",
         starts_on=NOTIFIED, stops_on="information about SEND arrangements received",
         period_amount=1, period_unit="working_days", due_time=ELEVEN_AM,
         source=f"{ANNEX_A} (Week 1, Tuesday, by 11am), para 203, items 1.1 to 1.7",
         **UNDER_2023, **LOCAL_AREA),
    dict(code="annex_a_case_selection",
         description="Select the children and young people's cases to track",
         starts_on=NOTIFIED, stops_on="cases selected for tracking", period_amount=1,
         period_unit="working_days", due_time=FIVE_PM,
         source=f"{ANNEX_A} (Week 1, Tuesday, by 5pm)", **UNDER_2023, **INSPECTORATES),
    dict(code="annex_a_tracked_cases",
         description="Provide the information about the children and young people tracked",
         starts_on=NOTIFIED, stops_on="information about the tracked cases received",
         period_amount=4, period_unit="working_days", due_time=FIVE_PM,
         source=f"{ANNEX_A} (Week 1, Friday, by 5pm), para 206, items 7.1 to 7.7",
         **UNDER_2023, **LOCAL_AREA),
    dict(code="annex_a_further_arrangements",
         description="Provide the additional information about SEND arrangements",
         starts_on=NOTIFIED, stops_on="additional information about SEND arrangements received",
         period_amount=4, period_unit="working_days", due_time=FIVE_PM,
         source=f"{ANNEX_A} (Week 1, Friday, by 5pm; 'at the end of week 1'), items 2.1 to "
                f"6.4",
         **UNDER_2023, **LOCAL_AREA),
]
ANNEX_A_RULES = tuple(rule["code"] for rule in RULES_2023 if rule["code"].startswith("annex_a_"))

# Why a rule counts from the event it does, where the sources disagree: shown on the rules
# page while the rule counts from that event (docs/decisions/0037).
WHY_THIS_EVENT = {
    "wsoa_submission": (
        "principal authority receives the final report",
        "Counted from the day the principal authority received the final report, as the "
        "handbook says (para 75: \u2018within 70 working days of receiving the final "
        "report\u2019). The framework (para 16) says only \u201870 days\u2019, and some "
        "council papers count from publication: Medway\u2019s statement was due on 14 May "
        "2018 from receipt on 31 January 2018, and would have been due on 22 May 2018 "
        "counted from publication on 8 February 2018. The date of receipt is entered on the "
        "statement\u2019s page, and offered as the date the final report was issued."),
}


def why_this_event(rule) -> str:
    """The reason the rule counts from its event, if the sources disagree and it still
    counts from the event the reason is about; blank otherwise."""
    event, why = WHY_THIS_EVENT.get(rule.code, ("", ""))
    return why if event and rule.starts_on == event else ""
