"""Before the draft goes to quality assurance, and before publication, the letter is read for
what looks like a child's identity: reports never identify individuals. A warning, not a
refusal: the lead inspector and quality assurance judge each one.

What is looked for:
- NHS numbers: ten digits (in any grouping of spaces or hyphens) whose last digit is the
  modulus 11 check digit of the first nine;
- unique pupil numbers: a check letter and twelve digits whose check letter is right (the
  DfE's modulus 23 rule);
- dates of birth: a date written next to "born", "date of birth" or "DOB";
- names from the inspection's case-file evidence: two capitalised words together in the
  evidence of case file reviews that the letter uses too, unless they name a place or an
  organisation.
"""

import re
from dataclasses import dataclass

from evidence.models import Activity, EvidenceRecord
from reports.content import letter_content
from reports.rendering import letter_for_rendering

DIGITS_10 = re.compile(r"(?<![\d-])(\d(?:[ -]?\d){9})(?![\d-])")
UPN = re.compile(r"\b([A-HJ-NP-RT-Z])(\d{12})\b")
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
DATE = (r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)? (?:January|February|"
        r"March|April|May|June|July|August|September|October|November|December) \d{4})")
BIRTH = re.compile(rf"\b(?:born(?: on| in)?|date of birth|d\.?o\.?b\.?)\W{{0,3}}{DATE}",
                   re.IGNORECASE)
NAME = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?) ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
# Words that make a pair of capitalised words a place, a service or an organisation.
NOT_A_PERSON = frozenset({
    "Academy", "April", "August", "Avenue", "Board", "Borough", "Care", "Centre", "Chief",
    "Children", "Clinical", "College", "Commission", "Commissioning", "Council", "County",
    "Court", "December", "Department", "Designated", "Director", "Education", "Executive",
    "February", "Forum", "Friday", "Group", "Head", "Health", "Hospital", "Inspector",
    "Inspectors", "January", "July", "June", "Lead", "Local", "Manager", "March", "May",
    "Medical", "Mental", "Monday", "November", "Nursery", "October", "Office", "Officer", "Panel",
    "Parent", "Partnership", "Primary", "Quality", "Road", "School", "Secondary", "September",
    "Service", "Services", "Special", "Street", "Team", "Thursday", "Trust", "Tuesday", "Unit",
    "University", "Way", "Wednesday", "Young",
})


@dataclass(frozen=True)
class PersonalDataWarning:
    kind: str  # "nhs_number", "upn", "date_of_birth", "name"
    text: str  # what was found, as the letter has it

    @property
    def message(self) -> str:
        what = {"nhs_number": "an NHS number", "upn": "a unique pupil number",
                "date_of_birth": "a date of birth",
                "name": "a name from the case-file evidence"}[self.kind]
        return f"The letter has what looks like {what}: {self.text}"


def nhs_number_valid(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def upn_valid(upn: str) -> bool:
    """A permanent unique pupil number: its check letter, then twelve digits."""
    if len(upn) != 13 or upn[0] not in UPN_LETTERS or not upn[1:].isdigit():
        return False
    total = sum(int(d) * weight for d, weight in zip(upn[1:], range(2, 14), strict=True))
    return UPN_LETTERS[total % 23] == upn[0]


def _names(text: str) -> set[str]:
    return {f"{first} {last}" for first, last in NAME.findall(text)
            if first not in NOT_A_PERSON and last not in NOT_A_PERSON}


def personal_data_warnings(letter_text: str, *, case_file_texts: list[str] = (),
                           known: set[str] = frozenset()) -> list[PersonalDataWarning]:
    """What in the letter looks like a child's identity, in the order found; `known` names
    (the team, the addressees, the signatories) are never warned of."""
    found: list[PersonalDataWarning] = []
    for match in DIGITS_10.finditer(letter_text):
        if nhs_number_valid(re.sub(r"\D", "", match.group(1))):
            found.append(PersonalDataWarning("nhs_number", match.group(1)))
    found += [PersonalDataWarning("upn", letter + digits)
              for letter, digits in UPN.findall(letter_text) if upn_valid(letter + digits)]
    found += [PersonalDataWarning("date_of_birth", match.group(0))
              for match in BIRTH.finditer(letter_text)]
    from_case_files = set().union(*(_names(text) for text in case_file_texts)) - set(known)
    found += [PersonalDataWarning("name", name)
              for name in sorted(_names(letter_text) & from_case_files)]
    return found


def letter_warnings(letter) -> list[PersonalDataWarning]:
    """The warnings for a letter as it reads now (reports.content.letter_content), against
    its inspection's case-file evidence."""
    content = letter_content(letter_for_rendering(pk=letter.pk))
    text = "\n".join([*content.opening, *content.main_findings,
                      *(line for section in content.sections
                        for line in (*section.strengths, *section.areas_for_development)),
                      *content.self_evaluation, *content.recommendations,
                      *content.closing, *content.significant_weaknesses,
                      *(weakness for weakness, _ in content.revisit_progress)])
    case_files = list(EvidenceRecord.objects.filter(
        inspection_id=letter.inspection_id, activity=Activity.CASE_FILE)
        .values_list("text", flat=True))
    known = {signatory.name for signatory in content.signatories}
    known |= {*content.addressee[:1], *content.also_addressed}
    known |= {line.split(",")[0] for line in content.also_addressed}
    return personal_data_warnings(text, case_file_texts=case_files, known=known)
