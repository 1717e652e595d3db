"""The evidence base of the Medway inspection of 4 to 8 December 2017, as its team might have
recorded it: one or more records behind each main finding of the published letter (Appendix
A of the council report in the seeds), written as inspectors' notes. The letter's findings
are quoted in `finding`; the notes are illustrative, and name roles and organisations only,
never a child.

Each entry: (finding it supports, author, activity, day on site (1 to 5), time, place,
who took part, questions, aspects, groups, weighing, text).
"""

from evidence.models import Activity, Aspect, Group, Weighing

LEAD, OI, CQC = "diana.choulerton", "keith.tysoe", "karen.collins-becket"

MEDWAY_EVIDENCE = [
    ("Leaders do not share one vision and strategy for SEN and/or disabilities",
     LEAD, Activity.LEADERS, 1, "10:00", "Gun Wharf, Medway Council",
     "Director of children's services; assistant director, education; CCG director of "
     "commissioning; head of SEN",
     "C", [Aspect.LEADERSHIP], [], Weighing.DEVELOPMENT,
     "Leaders described three separate strategies: the council's SEND strategy 2016 to "
     "2020, the CCG's children's commissioning plan and the schools' forum priorities. Asked "
     "which priorities the partnership shares, each leader named different ones. No joint "
     "board oversees the reforms; the SEND partnership board has not met since the summer."),
    ("Council and CCG leaders have not worked jointly at a strategic level",
     CQC, Activity.LEADERS, 2, "14:00", "NHS Medway CCG, Chatham",
     "CCG chief nurse; CCG head of children's commissioning; designated clinical officer",
     "BC", [Aspect.JOINT_COMMISSIONING, Aspect.LEADERSHIP], [], Weighing.DEVELOPMENT,
     "The joint commissioning team has existed since 2013 but reports separately to the "
     "council and to the CCG. Health contracts current at the time of inspection were let "
     "before the reforms; new jointly commissioned contracts start in April and June 2018. "
     "No shared measure of accountability for outcomes across education, health and care."),
    ("Little progress on priorities identified as far back as 2012",
     LEAD, Activity.DOCUMENTS, 1, "16:30", "Document scrutiny",
     "Council SEND strategy 2016 to 2020; 2012 SEN review; self-evaluation",
     "AC", [Aspect.SELF_EVALUATION, Aspect.LEADERSHIP], [], Weighing.DEVELOPMENT,
     "The 2012 SEN review named a NICE-compliant autism pathway, more local specialist "
     "places and better transition at 16 as priorities. The 2016 to 2020 strategy names the "
     "same three. The self-evaluation does not say what changed between the two."),
    ("Performance information is not analysed well enough to support self-evaluation",
     OI, Activity.PERFORMANCE_DATA, 2, "09:30", "Performance data",
     "Council performance and intelligence team",
     "C", [Aspect.SELF_EVALUATION], [], Weighing.DEVELOPMENT,
     "EHC plan timeliness is reported monthly; nothing is reported on plan quality, "
     "outcomes achieved or the views of families. Exclusion and absence data for pupils with "
     "SEN are collected but not analysed by school or by need."),
    ("EHC plans are not of sufficient quality; health needs often missing",
     CQC, Activity.CASE_FILE, 3, "10:00", "Case file review, SEN team",
     "SEN casework officers; designated clinical officer",
     "AB", [Aspect.EHC_PLANS], [], Weighing.DEVELOPMENT,
     "Reviewed twelve EHC plans with the casework team. In seven, section C (health needs) "
     "was blank or said 'no health needs known' although health professionals were involved "
     "with the child. Outcomes in most plans were too broad to review."),
    ("Health services are not routinely asked to contribute to EHC plans",
     CQC, Activity.STAFF, 3, "14:30", "Child and adolescent mental health services",
     "CAMHS team leader; two clinicians; community paediatrician",
     "A", [Aspect.EHC_PLANS], [], Weighing.DEVELOPMENT,
     "Clinicians said they are asked for advice for EHC needs assessments less often than "
     "before the reforms, and usually by letter with a short deadline. Universal services "
     "(health visiting, school nursing) are rarely asked at all."),
    ("Co-production is weak at strategic and individual level",
     OI, Activity.PARENTS, 2, "18:00", "Medway Parent Carer Forum, Chatham",
     "Medway Parent Carer Forum steering group; 14 parents and carers",
     "B", [Aspect.CO_PRODUCTION, Aspect.LOCAL_OFFER], [], Weighing.DEVELOPMENT,
     "Forum members said they have been consulted but not listened to, and named the local "
     "offer as an example: consulted on, but out of date and spread over several websites. "
     "They are hopeful about the co-production agreement just signed with health services."),
    ("Parents were not involved in developing their child's EHC plan",
     LEAD, Activity.PARENT_SURVEY, 4, "19:00", "Parents' webinar",
     "Parents and carers (webinar, 31 participants)",
     "B", [Aspect.CO_PRODUCTION, Aspect.EHC_PLANS], [], Weighing.DEVELOPMENT,
     "Most parents who spoke said they first saw the draft plan when it arrived by post. "
     "Several whose child's statement was transferred to an EHC plan had no meeting at all. "
     "A few praised the summary assessment meeting in the early years."),
    ("Exclusions of pupils with SEN are notably higher than nationally",
     OI, Activity.PROVIDER_VISIT, 3, "09:00", "A secondary academy",
     "Headteacher; SENCo; two governors",
     "BC", [Aspect.LEADERSHIP], [Group.ALTERNATIVE_PROVISION], Weighing.DEVELOPMENT,
     "The school excluded pupils with SEN support at a rising rate over three years. "
     "Leaders said alternative provision is hard to find locally; the local authority's "
     "challenge had recently begun. Fixed-term exclusions this term are lower than last."),
    ("Health contracts do not meet the needs of 19 to 25 year olds newly identified",
     CQC, Activity.DOCUMENTS, 4, "11:00", "Document scrutiny",
     "Children's therapy service specification; CCG commissioning intentions",
     "B", [Aspect.JOINT_COMMISSIONING], [Group.IN_TRANSITION, Group.ADULT_CARE],
     Weighing.DEVELOPMENT,
     "The therapy service specification accepts referrals up to age 19 only. A young person "
     "newly identified between 19 and 25 cannot be seen, which does not meet the 0 to 25 "
     "Code of Practice. The new service starting in spring 2018 does not clearly close the "
     "gap."),
    ("Joint working in the early years identifies needs in a timely way",
     CQC, Activity.STAFF, 1, "14:00", "Health visiting service",
     "Health visiting team leader; speech and language therapist",
     "A", [Aspect.JOINT_COMMISSIONING], [], Weighing.STRENGTH,
     "When a baby is identified at or before birth, the health visitor and a therapist "
     "visit the family together within 10 to 14 days. Reviews at 10 months and at two to "
     "two and a half years lead to the 'Little Builders' and 'Big Builders' groups, with "
     "high take-up."),
    ("Outcomes for pupils with SEN support are improving",
     OI, Activity.PERFORMANCE_DATA, 4, "09:00", "Performance data",
     "Published attainment and progress data, 2016 and 2017",
     "C", [], [], Weighing.STRENGTH,
     "Phonics at the end of Year 1 for pupils with SEN support rose at twice the national "
     "rate and was above the national average in 2017. Progress at key stage 4 for pupils "
     "with SEN support was in line with all pupils nationally in 2016."),
    ("Children and young people felt safe and well cared for in their settings",
     LEAD, Activity.CHILDREN, 3, "13:00", "A special school",
     "Eight pupils from the school council, with their teacher",
     "BC", [], [], Weighing.STRENGTH,
     "Pupils said adults in school listen to them and help when things go wrong. Several "
     "said they did not feel safe in the town centre after dark. Leaders and the police "
     "described joint work with the community safety partnership on the concerns raised."),
    ("Looked after children placed within 30 miles get high-standard health assessments",
     CQC, Activity.CASE_FILE, 4, "14:00", "Looked after children's health team",
     "Designated nurse for looked after children",
     "B", [], [Group.LOOKED_AFTER, Group.OUT_OF_AREA], Weighing.STRENGTH,
     "Review health assessments sampled were thorough and timely. Leaders arrange the same "
     "standard of assessment for children placed further away."),
    ("Autism assessment does not meet national requirements",
     CQC, Activity.STAFF, 2, "11:00", "Community paediatrics",
     "Clinical lead, community paediatrics; CAMHS service manager",
     "A", [Aspect.LEADERSHIP], [], Weighing.DEVELOPMENT,
     "Waiting times for an autism assessment are six to nine months; assessments do not "
     "consistently use the Autism Diagnostic Observation Schedule, so the pathway is not "
     "NICE-compliant. Leaders named the pathway as a priority, as their predecessors did in "
     "2012."),
    ("Keep-in-touch: information requested at notification",
     LEAD, Activity.KEEP_IN_TOUCH, 2, "17:00", "Gun Wharf, Medway Council",
     "Local area nominated officer",
     "ABC", [Aspect.SELF_EVALUATION], [], Weighing.NEITHER,
     "All the documents asked for at notification have arrived. The team asked for the "
     "council's exclusions analysis by school, which the LANO will send on day 3."),
]

# What the lead inspector asked the area for at notification and on site: (title, details,
# day due relative to the first day on site (0 is day 1, negative is before), time due).
MEDWAY_REQUESTS = [
    ("Self-evaluation", "The local area's current self-evaluation of its SEND arrangements",
     -2, "17:00"),
    ("SEND strategy", "The council's SEND strategy 2016 to 2020 and any action plans",
     -2, "17:00"),
    ("Joint strategic needs assessment", "The most recent JSNA chapter on SEND", -2, "17:00"),
    ("Local offer evaluation", "Any evaluation of the local offer since 2014", 0, "12:00"),
    ("Exclusions analysis by school", "Fixed-term and permanent exclusions of pupils with "
     "SEN, by school, for the last three years", 2, "17:00"),
]
