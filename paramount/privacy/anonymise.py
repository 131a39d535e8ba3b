"""Anonymising rows that other rows still refer to: what identifies a person goes, what counts
stays. Shared by the retention job and erasure.

Each function takes the rows to anonymise and leaves nothing that names, dates, places or can be
looked up: names, dates of birth, postcodes, phones, social workers, free text (encrypted or
not) and the JSON copies of any of these. Ids, states, dates of events, codes and numbers stay,
so every count made from the rows stays right. Rows are marked (``anonymised`` or
``anonymised:<id>``) so that a second run finds nothing more to do.
"""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.db.models import QuerySet

from paramount.privacy.selectors import ANONYMISED


def _model(label: str):
    return apps.get_model(label)


def marked(pk) -> str:
    return f"{ANONYMISED}:{pk}"


# --- feeds and identification ----------------------------------------------------------------


def movements_anonymise(rows: QuerySet) -> None:
    # Families, matches and identifications refer to movements (PROTECT): the row stays so
    # their counts do, its identifying fields go. The date of birth keeps only the year.
    for movement in rows:
        movement.first_name = movement.last_name = ANONYMISED
        movement.middle_names = movement.aliases = movement.pnc_id = None
        movement.prison_number = ""
        movement.address_line_1 = movement.address_line_2 = movement.town = None
        movement.postcode = None
        movement.offence_description = None
        movement.date_of_birth = date(movement.date_of_birth.year, 1, 1)
        movement.save()


def identifications_anonymise(rows: QuerySet) -> None:
    # Area, month, band and status stay: the counts in reports are made from them.
    for identification in rows:
        identification.child_key = marked(identification.pk)
        identification.child_source_records = ""
        identification.child_first_name = identification.child_last_name = ""
        identification.child_date_of_birth = None
        identification.child_postcode = ""
        identification.relationship_records = []
        identification.save()


def matches_anonymise(rows: QuerySet) -> None:
    for match in rows:
        match.adult_person_key = marked(match.pk)
        match.evidence = {}
        match.save()


def review_decisions_anonymise(rows: QuerySet) -> None:
    # A rejection must say why (a check constraint): the reason is replaced, not emptied.
    rows.update(reason=ANONYMISED)


# --- the police case ---------------------------------------------------------------------------


def families_anonymise(rows: QuerySet) -> None:
    # A closed case keeps its area, state, dates and members (the counts); its household key
    # (a postcode, or a child's key) goes.
    for family in list(rows):
        family.household_key = marked(family.pk)
        family.save(update_fields=["household_key"])


def flags_anonymise(rows: QuerySet) -> None:
    # A flag's detail names the child and their social worker, its source a record: only the
    # kind of flag stays.
    flag_code = _model("screening.ScreeningFlag")._meta.get_field("code")
    labels = dict(flag_code.choices)
    for flag in rows:
        flag.detail = f"{labels.get(flag.code, flag.code)}."
        flag.source = marked(flag.pk)
        flag.save(update_fields=["detail", "source"])


def screening_decisions_anonymise(rows: QuerySet) -> None:
    # Encrypted at rest, but encrypted names are still names: the reasons go, the outcome stays.
    rows.update(rationale=ANONYMISED, countersign_note="")


def contact_attempts_anonymise(rows: QuerySet) -> None:
    rows.update(note="")


def consents_anonymise(rows: QuerySet) -> None:
    rows.update(given_by_name=ANONYMISED, contact_phone="", withdrawal_note="")


def referrals_anonymise(rows: QuerySet) -> None:
    # The referral's copy of the children and the carer goes; its shape stays, so a page that
    # lists it still reads.
    for referral in rows:
        details = referral.details or {}
        referral.details = {
            "family": details.get("family", ""),
            "area": details.get("area", ""),
            "children": [],
            "contact": {},
            "consent_covers": details.get("consent_covers", []),
            "parent": {},
            "safety_flags": details.get("safety_flags", []),
            ANONYMISED: True,
        }
        referral.save(update_fields=["details"])


def disclosures_anonymise(rows: QuerySet) -> None:
    # A disclosure must say what and why (a check constraint): replaced, not emptied. The
    # recipient becomes its kind: a named school says where a child went.
    kinds = dict(_model("outreach.Disclosure")._meta.get_field("recipient_kind").choices)
    for kind, label in kinds.items():
        rows.filter(recipient_kind=kind).update(
            recipient_organisation=label, recipient_name="", what=ANONYMISED, why=ANONYMISED
        )


def self_referrals_anonymise(rows: QuerySet) -> None:
    rows.update(contact_name="", contact_details="", best_time="")


# --- the partner's support ---------------------------------------------------------------------


def support_cases_anonymise(rows: QuerySet) -> None:
    rows.update(waitlist_reason="")


def support_children_anonymise(rows: QuerySet) -> None:
    rows.update(first_name="", last_name="", date_of_birth=None)


def child_assessments_anonymise(rows: QuerySet) -> None:
    rows.update(
        age_and_stage="",
        what_child_was_told="",
        relationship_with_parent="",
        effects_detail="",
        strengths="",
        risks="",
    )


def family_needs_anonymise(rows: QuerySet) -> None:
    rows.update(detail="")


def plan_items_anonymise(rows: QuerySet) -> None:
    rows.update(goal="")


def sessions_anonymise(rows: QuerySet) -> None:
    rows.update(notes="")


def tasks_anonymise(rows: QuerySet) -> None:
    rows.update(done_note="")


def school_notifications_anonymise(rows: QuerySet) -> None:
    # The message named the child; the school and its lead say where they are.
    rows.update(school_name="", safeguarding_lead="", message="")


def closures_anonymise(rows: QuerySet) -> None:
    rows.update(note="", reopen_reason="")


# --- the privacy app's own records -------------------------------------------------------------


def reasons_anonymise(rows: QuerySet) -> None:
    """Erasure records: the request's own words go; the keyed hashes and counts stay."""
    rows.update(reason=ANONYMISED)
