"""The written statement of action, on Medway's inspection of December 2017 taken along its
real history: the team's recommendation and the delegate's decision on site, the final report
issued on 31 January 2018 and published on 8 February 2018."""

import datetime

import pytest

from evidence.services.documents import document_upload
from inspections.models import State
from reports.models import LetterState
from reports.parts import determination_decide, determination_recommend
from tests.files import pdf
from tests.inspections.conftest import (  # noqa: F401
    assign,
    inspection,
    make_inspection,
    notify,
    walk,
)
from wsoa.models import Wsoa
from wsoa.services import ActionLine, weaknesses_of

D = datetime.date
# The eight areas of significant weakness of Medway's letter, shortened.
WEAKNESSES = [
    "the lack of strategic leadership and vision across the partnership",
    "weak joint commissioning arrangements",
    "the lack of effective co-production at all levels",
    "poor-quality EHC plans",
    "inconsistent and poor-quality transition arrangements",
    "the lack of a clear strategy for the local offer",
    "the poor quality of the local offer",
    "weaknesses in the assessment of social, emotional and mental health needs",
]


@pytest.fixture(autouse=True)
def _unscanned_documents_allowed(settings):
    # The statement is a document like any other: its scanning is tested in tests/evidence.
    settings.DOCUMENTS_UNSCANNED_ALLOWED = True
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""


@pytest.fixture
def determined(walk, inspection, lead_inspector, ofsted_admin):  # noqa: F811
    """On site, the team recommends a WSOA from the local authority and the CCG jointly;
    the delegate agrees."""
    walk(State.ON_SITE)
    determination_recommend(inspection=inspection, by=lead_inspector, wsoa_required=True,
                            principal_authority="joint", weaknesses=WEAKNESSES)
    determination_decide(inspection=inspection, by=ofsted_admin, agreed=True)
    return Wsoa.objects.get(inspection=inspection)


@pytest.fixture
def issued(determined, walk):  # noqa: F811
    """The final report issued on 31 January 2018."""
    walk(LetterState.FINAL_ISSUED)
    return Wsoa.objects.get(pk=determined.pk)


@pytest.fixture
def published(determined, walk):  # noqa: F811
    walk(State.PUBLISHED)
    return Wsoa.objects.get(pk=determined.pk)


def statement(wsoa, by, name="medway-wsoa.pdf"):
    return document_upload(owner=wsoa, by=by, upload=pdf(name))


COMPLETE_BY = D(2019, 3, 31)


def every_action(wsoa, complete_by=COMPLETE_BY) -> list[ActionLine]:
    return [ActionLine(weakness_id=w.pk, text=f"Act on {w.text}", who="Director of "
                       "children's services", complete_by=complete_by)
            for w in weaknesses_of(wsoa)]
