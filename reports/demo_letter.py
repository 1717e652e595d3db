"""The published outcome letter of the joint local area SEND inspection in Medway (4 to 8
December 2017), dated 31 January 2018, as plain data, word for word.

It is transcribed from the letter as Medway Council appended it ("Appendix A") to its report
to the Children and Young People Overview and Scrutiny Committee, kept in the project's shared
seeds as `medway-committee-report-and-outcome-letter-2018.txt`. The demo data uses it to
reproduce a real letter: its findings, the strengths and areas for development under each of
the three inspection questions, the areas of significant weakness the Written Statement of
Action must tackle, and who signed it.

Where the text file breaks a sentence across a page (a blank line in the middle of a bullet),
the sentence is joined again; nothing else is changed, and the letter's own spelling and
punctuation (straight apostrophes, the one en dash) are kept. Bullets are kept without the
"- " that marks them in the text file.
"""

import datetime

LETTER_DATE = datetime.date(2018, 1, 31)
ONSITE = (datetime.date(2017, 12, 4), datetime.date(2017, 12, 8))

# The letterhead above the date. The letter goes out from Ofsted's
# Nottingham office; the lines are kept so that no text of the letter is dropped.
LETTERHEAD = {
    "organisation": "Ofsted",
    "address": ["Agora", "6 Cumberland Place", "Nottingham", "NG1 6HJ"],
    "contact": [
        "T 0300 123 1231",
        "Textphone 0161 618 8524",
        "enquiries@ofsted.gov.uk",
        "www.gov.uk/ofsted",
        "lasend.support@ofsted.gov.uk",
    ],
}

# Between the date and the address the council's copy
# carries the label under which it appended the letter to its committee report. It is the
# council's, not Ofsted's, but it is on the page, so it is kept here.
APPENDIX_LABEL = "Appendix A"

ADDRESSEE = {
    "name": "Ian Sutherland",
    "title": "Director of Children's Services",
    "organisation": "Medway Council",
    "address": ["Dock Road", "Chatham", "ME4 4TR"],
}

ALSO_ADDRESSED = [
    "Caroline Selkirk, Chief Executive NHS Kent and Medway Clinical Commissioning Group",
    "Wendy Vincent, local area nominated officer",
]

SALUTATION = "Dear Ian Sutherland"

TITLE = "Joint local area SEND inspection in Medway"

OPENING = [
    ("Between 4 December 2017 and 8 December 2017, Ofsted and the Care Quality Commission (CQC) "
     "conducted a joint inspection of the local area of Medway to judge the effectiveness of the "
     "area in implementing the special educational needs (SEN) and disability reforms as set out "
     "in the Children and Families Act 2014."),
    ("The inspection was led by one of Her Majesty's Inspectors from Ofsted, with a team of "
     "inspectors including an Ofsted Inspector and a children's services inspector from the CQC."),
    ("Inspectors spoke with children and young people who have SEN and/or disabilities, parents "
     "and carers, and local authority and National Health Service (NHS) officers. They visited a "
     "range of providers and spoke to leaders, staff and governors about how they were "
     "implementing the SEN reforms. Inspectors looked at a range of information about the "
     "performance of the local area, including the local area's self-evaluation. They reviewed "
     "performance data and evidence about the local offer and joint commissioning."),
    ("As a result of the findings of this inspection, and in accordance with the Children Act "
     "2004 (Joint Area Reviews) Regulations 2015, Her Majesty's Chief Inspector (HMCI) has "
     "determined that a Written Statement of Action is required because of significant areas of "
     "weakness in the local area's practice. HMCI has also determined that the local authority "
     "and the area's clinical commissioning group (CCG) are jointly responsible for submitting "
     "the written statement to Ofsted."),
    ("This letter outlines our findings from the inspection, including some areas of strength "
     "and areas for further improvement."),
]

MAIN_FINDINGS_HEADING = "Main findings"

MAIN_FINDINGS = [
    ("Leaders across the local area have not implemented the SEN reforms well enough. Medway's "
     "education and service leaders do not share one vision and strategy for SEN and/or "
     "disabilities. Local area leaders' actions to influence, challenge and work with providers "
     "across the area have had limited success. A considerable number of parents shared concerns "
     "with inspectors that the needs of their children are not being identified and met "
     "sufficiently well."),
    ("Council and CCG leaders have not worked jointly at a strategic level to implement the "
     "reforms. No arrangements are in place to ensure effective joint oversight and clear lines "
     "of accountability for work across education, health and care services."),
    ("Regular changes in senior leadership, interim appointments and vacancies have contributed "
     "to disjointed communication and initiatives not being seen through. Little progress has "
     "been made in addressing several of the pressing priorities for improvement identified as "
     "far back as 2012. The council's current special educational needs and disabilities (SEND) "
     "strategy 2016 to 2020 contains some of these same priorities. Leaders' understanding of "
     "what has and has not improved in the meantime is limited."),
    ("Several key leaders have taken up post relatively recently. They are keen to learn from "
     "past mistakes and aware of the most urgent issues that need to be resolved. However, "
     "action plans are not routinely in place or sharp enough to ensure effective work and "
     "self-evaluation which leads to improvement. Performance information is not consistently "
     "comprehensive and is not analysed routinely well enough to support effective "
     "self-evaluation."),
    ("Education, health and care (EHC) plans are not of sufficient quality to prove consistently "
     "helpful for families and professionals working to meet the needs of the child or young "
     "person who the plan is for. Where a child or young person has a health need, this aspect "
     "is often missing from their plan."),
    ("The collaborative work between professionals and children and their families to plan "
     "services and meet individual needs, known as co-production, is weak at both a strategic "
     "and individual level."),
    ("The extent to which pupils who have SEN and/or disabilities have their needs met well in "
     "maintained schools is too variable. Although improving, rates of permanent and fixed-term "
     "exclusion are still notably higher for pupils who have SEN and/or disabilities in Medway "
     "than for similar pupils nationally. Some schools have excluded pupils with SEN at "
     "increasingly high rates in recent years. Leaders in these schools have not done enough to "
     "improve the situation over time."),
    ("Current health contracts do not consistently meet the needs of children and young people "
     "who have SEN and/or disabilities effectively. This is despite joint commissioning "
     "arrangements having been in place since the reforms commenced. For example, young people "
     "between the ages of 19 and 25 years newly identified as having SEN and/or disabilities are "
     "not able to receive support from children's therapy services."),
    ("Effective joint working in the early years helps to ensure that young children's SEN "
     "and/or disabilities are identified and met effectively in a timely manner."),
    ("Typically, outcomes for pupils who have SEN without an EHC plan are improving in both "
     "primary and secondary schools."),
    ("Children and young people who inspectors met consistently reported that they felt safe and "
     "well cared for in the settings they attend. Several expressed concerns that they did not "
     "feel safe in their community as they were worried they might be at risk from those engaged "
     "in criminal activity. There is clear evidence of joint working and communication across "
     "agencies to ensure a clear understanding of the situation, tackle issues of concern and "
     "reduce anxiety in the local community."),
]

# Each section's two lists sit under the letter's own subheadings, the same in all three.
STRENGTHS_HEADING = "Strengths"
AREAS_FOR_DEVELOPMENT_HEADING = "Areas for development"

SECTIONS = [
    {
        "question": "A",
        "heading": (
            "The effectiveness of the local area in identifying children and young people's "
            "special educational needs and/or disabilities"
        ),
        "strengths": [
            ("The local area's approach to identifying needs in the early years is effective. "
             "When a baby is identified as, or suspected of having, SEN and/or disabilities at "
             "or prior to birth, a joint visit to the family by the health visitor and therapist "
             "takes place within 10 to 14 days of the infant's birth. This helps to ensure clear "
             "communication and a shared understanding of the infant's needs. This also leads to "
             "timely referral and access to services."),
            ("Health visitors make good use of the routine assessments offered to all children "
             "at 10 months and between the ages of two and two-and-a-half years. Where a "
             "developmental delay is indicated, families are provided with the opportunity to "
             "attend group sessions – 'Little Builders' following the 10-month review and 'Big "
             "Builders' following the review at two to two-and-a-half years. These sessions "
             "provide helpful support to the child and family and enable professionals to "
             "effectively identify the child's needs and make suitable referrals to specialist "
             "services. There is high take-up of this offer."),
            ("Children with significant developmental delay who attend Snapdragons special needs "
             "nursery run by health services (formerly Woodlands) benefit from timely support "
             "which helps them make a smooth transition to a mainstream nursery or school "
             "Reception class."),
            ("Suitable arrangements are in place to aid effective information-sharing between "
             "health and education professionals when children transfer from nursery to school "
             "and from a mainstream to a special school. Where appropriate, health visitors "
             "carry out home visits jointly with early years staff and school nurses to help "
             "ensure that parents only need to 'tell it once'. This helps to ensure that "
             "children who have SEN and/or disabilities will continue to have their health needs "
             "met before, during and after key transitions."),
        ],
        "areas_for_development": [
            ("Although a high proportion of EHC plans are completed on time, this can be at the "
             "expense of the quality of the plan. Quite often, plans are deemed as complete "
             "without important information about a child or young person's social care or "
             "health needs having been received or taken into account."),
            ("Health services working with children and young people who have SEN and/or "
             "disabilities are not routinely asked for the information needed to inform the EHC "
             "plan. Universal health services rarely contribute to the EHC process. "
             "Practitioners in some health services, such as the child and adolescent mental "
             "health services (CAMHS), told inspectors that they are called on to contribute "
             "information less often than they were prior to the reforms. Consequently, those "
             "developing EHC plans do not have all the information they need to identify all of "
             "the child or young person's needs."),
            ("The long-term aspirations and needs of young people who have SEN and/or "
             "disabilities are often not identified well. Consequently, some EHC plans do not "
             "provide clarity about the intended purpose of post-16 study or what educational "
             "and social care provision will be needed to ensure that a young person can access "
             "employment or supported employment in adulthood."),
            ("The local area issues a high rate of direct payments to children and young people "
             "to help them access provision such as transport and short breaks. However, EHC "
             "plans do not always clarify what need will be met by the use of this payment. "
             "Consequently, direct payments are not always linked to identified needs or "
             "monitored against clearly defined outcomes."),
            ("At times, when a child or young person has previously had a statement of special "
             "educational needs, out-of-date information is used to inform the writing of a "
             "plan. In these cases, the EHC plan does not provide a full picture of the current "
             "needs of the child or young person or how these can be met."),
            ("Some schools have highly effective systems to identify and support pupils with "
             "SEN. However, not all mainstream primary schools identify and meet pupils' SEN "
             "early enough. This means that pupils do not always get the support they need from "
             "the beginning. As a result, some parents believe that the EHC process is the only "
             "way to ensure that their children's needs are met. The recent spike in requests "
             "for children to be assessed for an EHC plan signals that this is a growing "
             "concern."),
            ("Although there is some effective work to ensure timely sharing of information at "
             "transition points, this aspect of practice needs further attention, particularly "
             "when a young person leaves a special school or specialist provision in a "
             "mainstream school at age 16. In this situation, EHC plans often fail to identify "
             "what a young person might need to cope with the challenges of the next stage of "
             "their education."),
            ("The local area's approach to identifying and assessing children who have autistic "
             "spectrum disorder (ASD) does not meet national requirements. Children are assessed "
             "and diagnosed by community paediatrics or CAMHS depending on their age. However, "
             "due to long waiting times of six to nine months, children are not consistently "
             "assessed and diagnosed through the Autism Diagnosis Observation Schedule. This "
             "does not comply with National Institute for Health and Care Excellence (NICE) "
             "guidelines."),
            ("Local area leaders have rightly recognised that the development of a "
             "NICE-compliant ASD pathway is a pressing priority. However, previous council and "
             "health leaders also identified this as a priority as far back as 2012. No progress "
             "appears to have been made in the intervening period. It is clear that current "
             "leaders are committed to resolving this issue. It is too soon to know if they will "
             "be more successful than their predecessors."),
        ],
    },
    {
        "question": "B",
        "heading": (
            "The effectiveness of the local area in meeting the needs of children and young "
            "people with special educational needs and/or disabilities"
        ),
        "strengths": [
            ("Young children who have been identified as vulnerable with an additional health "
             "need benefit from the 'My Plan' approach, overseen by the health visiting service. "
             "A single plan, the 'My Plan' identifies all services that will be supporting the "
             "child. This is helping to ensure effective joint working and reduced duplication "
             "between services. As a result, children and their families receive the support "
             "needed more swiftly than was previously the case."),
            ("Children and young people attending effective education settings reported that "
             "they felt well supported and their needs were well met. Parents agreed."),
            ("The services and support provided by the SEN team are valued by the school leaders "
             "who engage with it. These leaders report positive relationships and communication "
             "with the team. This has helped them understand how best to utilise funding to meet "
             "the needs of children who have SEN and/or disabilities. The recent introduction of "
             "a clear and transparent approach to accessing additional funding without needing "
             "to apply for an EHC plan is helping these schools better meet the needs of pupils "
             "who have SEN and/or disabilities."),
            ("School leaders who engage with them value the effective training and support paid "
             "for by the local authority and provided by Bradfields Academy and The Marlborough "
             "Centre, the specialist provision for ASD at Hoo St Werburgh Primary School. "
             "Leaders also spoke positively about guidance and support provided by the "
             "educational psychology service."),
            ("Parents who had experience of it spoke highly of the service for the visually "
             "impaired. They equally praised the approach and support of the Medway hospital "
             "paediatric specialists."),
            ("The use of a 'health passport' completed with the family when a child with complex "
             "needs is admitted to hospital ensures that all the practitioners involved in the "
             "child's care are consistently equipped with the information needed to meet the "
             "child's needs well."),
            ("Children who are looked after and who have SEN and/or disabilities, placed within "
             "a 30-mile radius of Medway, benefit from high-standard review health assessments. "
             "Leaders also make sure that the same quality of assessment is made available to "
             "such children placed further afield. This approach helps to ensure that the health "
             "needs of these children are met equally well regardless of their geographical "
             "location."),
        ],
        "areas_for_development": [
            ("The local area's approach to co-production at strategic and individual level is "
             "weak. The extent to which local area leaders have worked successfully with "
             "parents, carers, children and young people to create effective approaches to "
             "implementing the reforms has been very limited."),
            ("Members of Medway Parent Carer Forum (MPCF) reported disappointment that, despite "
             "much work, they have not been able to make a difference. They are hopeful that the "
             "recently signed co-production agreement with health services will lead to an "
             "improvement. However, it is too soon to tell."),
            ("The published local offer, which the MPCF was consulted about, includes much "
             "useful information. However, area leaders and the MPCF both report that it is not "
             "consistently up to date. Additionally, the fact that the information is not all "
             "directly accessible from one website can make it difficult to navigate."),
            ("A considerable number of parents were not sufficiently involved in the development "
             "of the EHC plan for their child. EHC plans are typically not co-produced in line "
             "with the expectation of the 2014 reforms. A summary assessment meeting (SAM) is "
             "convened to enable parents and practitioners to work together for children in the "
             "early years and young people over the age of 16. However, for most children and "
             "their families, there is no clear agreed arrangement to ensure that they are "
             "involved in the production of EHC plans."),
            ("Typically, although the views and aspirations of the child and family are captured "
             "in the first section of the EHC plan, key points from this are often not "
             "referenced in the rest of the plan. Even where the production of a plan has been "
             "supported through the SAM meeting, this has not consistently ensured true "
             "co-production. A plan shared with an inspector, which council officers believed "
             "would be an example of good practice, did not capture the view of the child at "
             "all."),
            ("A considerable number of parents shared their concerns about a lack of real "
             "involvement in the development of the EHC plan for their child. A few parents "
             "reported that when a plan was developed from an existing statement of special "
             "educational needs it was effectively 'done by post' with no face-to-face "
             "discussion at all."),
            ("The varying and often poor quality of EHC plans means that those carrying out the "
             "plan do not have to hand key information which could help them ensure that "
             "children and young people's needs are well planned for. EHC plans scrutinised by "
             "inspectors contained a variety of weaknesses. In some cases, key information was "
             "missing. In others, the assessment of the child or young person's needs was not "
             "precise enough to be really useful."),
            ("Some mainstream schools are not effectively meeting the needs of children and "
             "young people with SEN and/or disabilities. This is particularly evident in the "
             "high level of permanent and fixed-term exclusions of children who have SEN but do "
             "not have an EHC plan. Some headteachers have not recognised their responsibility "
             "to utilise effective alternative provision to support pupils at risk of exclusion "
             "who are struggling to cope in mainstream lessons."),
            ("Due to a lack of sufficient local spaces, Medway places a high proportion of "
             "children and young people who have SEN and/or disabilities in provision outside "
             "the area. Some parents' lack of confidence that needs can be met locally compounds "
             "the issue. These 'out of area' placements use a considerable amount of the local "
             "area's SEN budget. The high costs associated with transporting children and young "
             "people to this provision put a further strain on the budget. This leaves less "
             "money available to support children and young people with SEN and/or disabilities "
             "being educated in Medway."),
            ("Leaders have rightly recognised the importance of increasing the volume of "
             "suitable local provision. However, there is no clear plan in place to successfully "
             "bring this about. Where new provision has been built, this is not consistently "
             "being fully utilised. This is the result of ineffective communication between the "
             "local authority and schools. Consequently, there is no shared understanding of how "
             "to meet the needs of children and young people who have SEN and/or disabilities in "
             "the area."),
            ("The local authority has recently changed its approach to funding leisure "
             "activities, clubs and residential experiences, known as short breaks. The new "
             "approach encourages an increasing use of direct payments. Leaders reported that "
             "this was to try and create an offer more pertinent to individual children and "
             "young people's needs. However, children and parents who communicated with "
             "inspectors had mixed views about the impact of this. Some did not know where to "
             "find information about what was on offer or how to access it. One young person "
             "told inspectors he had enjoyed attending a short-break provision but could not "
             "attend it anymore because he had reached the age of 18."),
            ("Some parents and school leaders reported that specialist transport arrangements "
             "for taking children to special schools and provision were not suitable. There are "
             "concerns that the bus escorts are not suitably trained to support children and "
             "young people with complex needs. One special school reported that the current "
             "transport provider is excluding some pupils from the bus rather than meeting their "
             "needs."),
            ("Historically, children and young people who have SEN and/or disabilities and their "
             "families have had difficulties accessing CAMHS. This has contributed to social, "
             "emotional and mental health needs not being consistently or effectively met."),
            ("Young people with emerging mental health concerns who have children of their own "
             "do not consistently have their mental health needs assessed and met. Health "
             "visitors reported that accessing specialist services for older young people is "
             "difficult unless the young person is already known to CAMHS. The new service due "
             "to be in place from April 2018 is intended to address this gap. However, it is too "
             "early to judge how effectively this will be done."),
            ("Children requiring assessment and intervention from more than one health "
             "professional are not routinely offered a joint assessment. This increases the "
             "likelihood of multiple appointments and can lead to greater stress for families "
             "and possible duplication or gaps in provision."),
            ("Young people who are newly identified as having SEN and/or disabilities between "
             "the ages of 19 and 25 years are not able to receive support from children's "
             "therapy services due to the current commissioning arrangements. This is in breach "
             "of the 0 to 25 SEND Code of Practice 2014. Inspectors were not assured that the "
             "new service that starts next spring will address this gap."),
            ("Some children who have been identified as having speech and language needs and "
             "requiring support from the therapy service are not consistently having their needs "
             "met quickly enough. These children can experience a wait of up to 18 weeks from "
             "being referred to accessing treatment."),
            ("Health practitioners across all services have not been able to access formal "
             "training on the SEND reforms or how this should result in changed practice for the "
             "benefit of children and young people. Frequent changes in staff contribute to a "
             "fragmented service."),
            ("Parents typically do not know about the published local offer or the information, "
             "guidance and support available from the Special Educational Needs and Disability "
             "Information, Advice and Support Service (SENDIASS). This service is working to "
             "raise its profile but the message is not getting through well enough. Parents that "
             "inspectors spoke to who had experienced the service reported that the support "
             "provided was useful. Currently, SENDIASS is developing an improved approach to "
             "evaluating its effectiveness. However, it is too soon to judge the success of this "
             "approach."),
        ],
    },
    {
        "question": "C",
        "heading": (
            "The effectiveness of the local area in improving outcomes for children and young "
            "people with special educational needs and/or disabilities"
        ),
        "strengths": [
            ("Effective provision in the early years is helping to ensure that children with "
             "SEND get off to an increasingly good start. In 2017, the proportion of these "
             "children reaching a good level of development at the end of Reception was notably "
             "higher than for similar children nationally, whereas in 2016 it was in line with "
             "the national figure."),
            ("Effective school leadership of provision for SEN contributes significantly to "
             "pupils' positive experiences and outcomes. Special schools and specialist "
             "provision in mainstream schools are typically meeting the needs of their pupils "
             "effectively. The extent to which mainstream schools meet the needs of pupils who "
             "have SEN and/or disabilities is more variable. However, overall, schools are "
             "improving and this has resulted in an improvement in outcomes, including for "
             "pupils who have SEN and/or disabilities."),
            ("Children who have SEN and/or disabilities without an EHC plan are achieving "
             "increasingly well in English and mathematics in primary school. The proportion of "
             "these children reaching the expected standard in phonics at the end of Year 1 has "
             "increased at twice the national rate and was above the national average in 2017. "
             "Children's achievement by the end of primary school has improved and was in line "
             "with that of similar children nationally in 2016 and increased considerably "
             "further in 2017."),
            ("The achievement of school pupils who have SEN and/or disabilities without a "
             "statement of special educational needs or an EHC plan has also improved steadily "
             "over time in secondary schools. In 2016, at the end of key stage 4, on average, "
             "these pupils made progress in line with that of all pupils nationally in English, "
             "mathematics and other subjects."),
            ("The proportion of young people with SEN and/or disabilities without an EHC plan "
             "reaching level 2, including in English and mathematics by the age of 19, although "
             "still lower than that of similar young people nationally, has increased notably in "
             "recent years. The proportion of young people with a statement of special "
             "educational needs or an EHC plan reaching this measure was also in line with the "
             "national figure in the last set of published data."),
        ],
        "areas_for_development": [
            ("Although outcomes are improving, significant groups of pupils are not consistently "
             "having their needs identified and met well enough to ensure that they achieve good "
             "outcomes."),
            ("Typically, the outcomes in EHC plans are not sharp enough to ensure that children "
             "and young people have all their education, care and health needs met. Outcomes "
             "defined in plans are often too broad to enable sharp evaluation of the "
             "effectiveness of the plan. In some cases, outcomes are too narrow to be helpful or "
             "relate to the service being provided rather than the needs of the child."),
            ("The level of fixed-term and permanent exclusion is high. Effective challenge and "
             "support to some schools, initiated by the local authority, have led to a notable "
             "reduction in the number of pupils who have SEN and/or disabilities experiencing "
             "exclusion. However, some schools have proved hard to engage with and are not doing "
             "enough to improve outcomes for pupils at risk of exclusion."),
            ("Absence rates for pupils who have SEN and/or disabilities with and without an EHC "
             "plan have increased. Levels of absence and persistent absence were higher than for "
             "similar primary-age pupils nationally last year. The proportion of pupils with SEN "
             "without an EHC plan with poor attendance at secondary school was also high in "
             "relation to similar pupils nationally in 2017."),
            ("EHC plans typically lack focus on preparing young people for adult life. Little "
             "consideration is given to the type of education and social care support that a "
             "young person will need to achieve employment or supported employment."),
            ("The proportion of young people leaving college to take up employment at the age of "
             "19 is low. Local area leaders recognise the need to tackle this. The introduction "
             "of a supported internship programme for eight young people is a step in the right "
             "direction. However, the local area does not have a clear shared plan in place for "
             "improving pathways to employment."),
            ("Local area self-evaluation has been too limited to contribute effectively to "
             "improving outcomes. Area leaders are aware of the most pressing issues that need "
             "addressing. However, leaders do not have a clear enough understanding of the "
             "impact that their work to implement the 2014 reforms has had on children and young "
             "people who have SEN and/or disabilities and their families."),
            ("The council and CCG SEND strategies are not underpinned by effective action plans. "
             "Analysis of performance information is not detailed enough to aid sharp evaluation "
             "of where work is having the greatest impact or where further improvement is "
             "needed. Consequently, local area leaders and elected members have a limited "
             "understanding of the improvement journey and what works and does not work. This "
             "has been compounded by considerable changes of senior leadership since 2014. Over "
             "time, leaders have not been well placed to intervene quickly when a change of "
             "approach is needed."),
            ("The recent appointment to the role of designated clinical officer (DCO) "
             "demonstrates the local area's commitment to ensuring strategic oversight of the "
             "implementation of health aspects of the reforms. The DCO has quickly gained the "
             "confidence of practitioners across the partnership. Work to establish a clear "
             "action plan to tackle the most urgent priorities is underway. However, it is too "
             "soon to judge the impact of the DCO's work."),
            ("Joint commissioning arrangements have taken time to develop. A joint CCG and "
             "council commissioning team has been in place since 2013 and effectively staffed "
             "since 2014. The local area has recognised that current health service contracts "
             "are not effectively or consistently meeting the needs of children with SEN and/or "
             "disabilities. New jointly commissioned contracts for universal public health "
             "services and mental health and well-being services will commence in April 2018 and "
             "new contracts for other children's health services will commence from June 2018. "
             "Leaders are confident that this will result in improvements. It is too early to "
             "evaluate the effectiveness of this work."),
        ],
    },
]

# The last of these introduces SIGNIFICANT_WEAKNESSES, which follow it as bullets.
CLOSING = [
    "The inspection raises significant concerns about the effectiveness of the local area.",
    ("The local area is required to produce and submit a Written Statement of Action to Ofsted "
     "that explains how it will tackle the following areas of significant weakness:"),
]

# As listed, lower case and without full stops but for the last, which ends the sentence.
SIGNIFICANT_WEAKNESSES = [
    ("the lack of joint strategic leadership across the area between the council, the CCG and "
     "education providers"),
    ("the lack of a clearly communicated strategy that is understood and shared by leaders "
     "across the area"),
    ("the extent to which providers in the area take suitable responsibility for ensuring the "
     "effective implementation of the reforms"),
    "the lack of clearly understood and effective lines of accountability",
    ("the quality and rigour of self-evaluation and monitoring and its effectiveness in driving "
     "improvement"),
    "the sufficiency of information to inform accurate evaluation",
    "the quality of EHC plans",
    "the lack of effective co-production at all levels.",
]

# The letter has no closing sentence: "Yours sincerely" follows the list of weaknesses.
SIGN_OFF = ["Yours sincerely"]

# The signature block is laid out in two columns, Ofsted on the left and the Care Quality
# Commission on the right, each under its inspectorate's name (SIGNATURE_HEADINGS), one
# signatory a line: three for Ofsted, two for the CQC. The list gives the Ofsted column top to
# bottom, then the CQC column; "row" (an extra key) says on which line of the block each stands,
# so the side-by-side layout can be drawn again. The text file puts no mark between a name and
# its title; the split below is the obvious one (a person's name, then the role).
SIGNATURE_HEADINGS = {"ofsted": "Ofsted", "cqc": "Care Quality Commission"}
SIGNATORIES = [
    {"inspectorate": "ofsted", "row": 1, "name": "Christopher Russell",
     "title": "Regional Director"},
    {"inspectorate": "ofsted", "row": 2, "name": "Diana Choulerton",
     "title": "HMI lead inspector"},
    {"inspectorate": "ofsted", "row": 3, "name": "Keith Tysoe", "title": "Ofsted Inspector"},
    {"inspectorate": "cqc", "row": 1, "name": "Ursula Gallagher",
     "title": "Deputy Chief Inspector, Primary Medical Services, Children Health and Justice"},
    {"inspectorate": "cqc", "row": 2, "name": "Karen Collins-Becket", "title": "CQC inspector"},
]

# The list is headed "Cc:" on its first line; the entries are kept without it.
CC_LABEL = "Cc:"
CC = [
    "Department for Education",
    "Clinical commissioning group(s)",
    "Director Public Health for the local area",
    "Department of Health",
    "NHS England",
]
