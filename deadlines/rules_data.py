"""The statutory rules as first loaded. Ofsted admins may edit them afterwards in the service."""

HANDBOOK = "Ofsted/CQC handbook (2016, updated 2021)"
FRAMEWORK = "Ofsted/CQC framework (2016)"
SLIDES = "Ofsted key messages slides (2017)"
BARNET = "Barnet area SEND paper (2023), describing the 2023 framework"

INSPECTORATES = {"binds_inspectorates": True}
LOCAL_AREA = {"binds_local_area": True}
PRINCIPAL_AUTHORITY = {"binds_principal_authority": True, "binds_local_area": True}
DFE = {"binds_dfe": True}

RULES = [
    dict(code="notification", description="Notify the local area of the inspection",
         starts_on="on-site work starts", stops_on="notification call made",
         period_amount=-5, period_unit="working_days", source=f"{HANDBOOK}, para 17",
         **INSPECTORATES),
    dict(code="factual_accuracy", description="Comment on the draft letter's factual accuracy",
         starts_on="draft letter sent to the area", stops_on="the area's comments received",
         period_amount=10, period_unit="working_days", source=f"{HANDBOOK}, para 67",
         **LOCAL_AREA),
    dict(code="final_report", description="Send the final report to the local area",
         starts_on="last day of on-site work", stops_on="final report sent",
         period_amount=28, period_unit="working_days", source=f"{HANDBOOK}, para 68",
         **INSPECTORATES),
    dict(code="publication", description="Publish the report",
         starts_on="last day of on-site work", stops_on="report published",
         period_amount=33, period_unit="working_days", source=f"{HANDBOOK}, para 68",
         **INSPECTORATES),
    dict(code="wsoa_submission", description="Submit the written statement of action",
         starts_on="principal authority receives the final report",
         stops_on="written statement received", period_amount=70,
         period_unit="working_days", source=f"{HANDBOOK}, para 75", dfe_can_view=True,
         **PRINCIPAL_AUTHORITY),
    dict(code="wsoa_review", description="Review the written statement of action",
         starts_on="written statement received", stops_on="fitness decision sent to the area",
         period_amount=10, period_unit="working_days", source=SLIDES, dfe_can_view=True,
         **INSPECTORATES),
    dict(code="wsoa_resubmission", description="Resubmit the written statement of action",
         starts_on="'not fit for purpose' decision sent", stops_on="revised statement received",
         period_amount=20, period_unit="working_days", source=SLIDES, dfe_can_view=True,
         **PRINCIPAL_AUTHORITY),
    dict(code="dfe_progress_review", description="Advise the Minister on progress",
         starts_on="report published", stops_on="DfE advice recorded", period_amount=12,
         period_unit="months", source=f"{FRAMEWORK}, para 19", dfe_can_view=True, **DFE),
    dict(code="revisit", description="Re-visit to assess progress on each significant weakness",
         starts_on="last day of on-site work", stops_on="re-visit carried out",
         period_amount=18, period_unit="months", source=f"{HANDBOOK}, paras 118 and 119",
         framework="2016",
         **INSPECTORATES),
    dict(code="monitoring_inspection", description="Monitoring inspection after outcome 3",
         starts_on="outcome 3 report published", stops_on="monitoring inspection carried out",
         period_amount=18, period_unit="months", source=f"{BARNET}, para 1.14",
         framework="2023", **INSPECTORATES),
    dict(code="next_full_inspection_1", description="Next full inspection after outcome 1",
         starts_on="outcome 1 report published", stops_on="next full inspection starts",
         period_amount=60, period_unit="months", source=f"{BARNET}, para 1.14",
         framework="2023", **INSPECTORATES),
    dict(code="next_full_inspection_2", description="Next full inspection after outcome 2",
         starts_on="outcome 2 report published", stops_on="next full inspection starts",
         period_amount=36, period_unit="months", source=f"{BARNET}, para 1.14",
         framework="2023", **INSPECTORATES),
    dict(code="next_full_inspection_3", description="Next full inspection after outcome 3",
         starts_on="last day of on-site work", stops_on="next full inspection starts",
         period_amount=36, period_unit="months", source=f"{BARNET}, para 1.14",
         framework="2023", **INSPECTORATES),
]
