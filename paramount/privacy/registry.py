"""Every field of every Paramount model, classified, with its retention rule (SECURITY 20).

This is data, in one place. ``tests/privacy/test_registry.py`` walks ``django.apps`` and fails
naming any field missing here or any entry for a field that no longer exists, so a new field
cannot arrive without a classification. The record of processing (``paramount privacy ropa``)
and the subject access export (``paramount privacy sar``) are generated from it.

Classifications follow UK GDPR: ``personal`` (Article 4), ``special_category`` (Article 9:
health, sex life, and here children's social care status and what screening says of them),
``criminal_offence`` (Article 10 and DPA 2018 s.11(2): offences, sentences, custody).
Retention names a category whose period in days lives in ``[retention]`` of the configuration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Classification(StrEnum):
    NONE = "none"
    PERSONAL = "personal"
    SPECIAL_CATEGORY = "special_category"
    CRIMINAL_OFFENCE = "criminal_offence"


NONE = Classification.NONE
PERSONAL = Classification.PERSONAL
SPECIAL = Classification.SPECIAL_CATEGORY
CRIMINAL = Classification.CRIMINAL_OFFENCE

# Most to least sensitive, for a model's overall classification.
_RANK = {NONE: 0, PERSONAL: 1, SPECIAL: 2, CRIMINAL: 3}

# Lawful bases, spelled once. PUBLIC_TASK is the police's own task, which Paramount treats as
# law enforcement processing under DPA 2018 Part 3 (``PROCESSING_ACTIVITIES`` says why).
PUBLIC_TASK = (
    "DPA 2018 Part 3, the police as a competent authority for a law enforcement purpose (s.31): "
    "s.35(2)(b) necessary for a task carried out for that purpose (the serious violence duty, "
    "Police, Crime, Sentencing and Courts Act 2022 Part 2; Children Act 2004 s.11); sensitive "
    "processing s.35(5), strictly necessary, with DPA 2018 Sch. 8 para 1 (statutory purposes) "
    "and para 4 (safeguarding of children and of individuals at risk), under the police's "
    "appropriate policy document (s.42)"
)
CONSENT_AND_PUBLIC_TASK = (
    "UK GDPR Art. 6(1)(a) consent of the person with parental responsibility for referral; "
    "Art. 6(1)(e) public task for recording it; Art. 9(2)(g) with DPA 2018 Sch. 1 para 18"
)
LEGAL_OBLIGATION = (
    "UK GDPR Art. 6(1)(c) legal obligation (Art. 5(2) accountability, Art. 30, Art. 15)"
)
LEGITIMATE_INTERESTS = (
    "UK GDPR Art. 6(1)(f) legitimate interests (running and securing the service)"
)
NOT_PERSONAL = "Not personal data"

ADULTS = "adults in the local records, including people received into prison"
CHILDREN = "children in the local records"
PRISONERS = "people received into prison"
FAMILIES = "children identified and the adults in their family"
STAFF = "staff using Paramount (police, charity, local authority)"
PUBLIC = "members of the public using the self-referral form"

POLICE = "Thames Valley Police VRU"
CHARITY = "the partner organisation (Children Heard and Seen)"
LOCAL_AUTHORITY = (
    "local authority children's social care and schools, when a disclosure is recorded"
)


@dataclass(frozen=True)
class ModelEntry:
    """One model: why it is held, about whom, on what basis, for whom, for how long.

    ``fields`` maps every concrete field to its classification. ``field_retention`` names the
    fields kept for a different period than the model's ``retention``.
    """

    purpose: str
    data_subjects: tuple[str, ...]
    lawful_basis: str
    recipients: tuple[str, ...]
    retention: str
    fields: dict[str, Classification]
    field_retention: dict[str, str] = field(default_factory=dict)

    @property
    def classification(self) -> Classification:
        return max(self.fields.values(), key=_RANK.__getitem__, default=NONE)

    @property
    def holds_personal_data(self) -> bool:
        return self.classification is not NONE

    def retention_for(self, field_name: str) -> str:
        return self.field_retention.get(field_name, self.retention)


_FEED_ROW = {
    "id": NONE,
    "batch": NONE,
    "first_batch": NONE,
    "row_number": NONE,
    "content_hash": NONE,
}
_ADDRESS = {
    "address_line_1": PERSONAL,
    "address_line_2": PERSONAL,
    "town": PERSONAL,
    "postcode": PERSONAL,
}

REGISTRY: dict[str, ModelEntry] = {
    # --- feeds ---------------------------------------------------------------------------
    "feeds.Batch": ModelEntry(
        purpose="Provenance: which file arrived on which feed, when, and what became of its rows.",
        data_subjects=(),
        lawful_basis=NOT_PERSONAL,
        recipients=(POLICE,),
        retention="feed_operations",
        fields={
            "id": NONE,
            "feed": NONE,
            "file_name": NONE,
            "file_sha256": NONE,
            "received_at": NONE,
            "finished_at": NONE,
            "status": NONE,
            "rejected_reason": NONE,
            "rows": NONE,
            "new": NONE,
            "updated": NONE,
            "unchanged": NONE,
            "quarantined": NONE,
            "warnings": NONE,
            "unknown_columns": NONE,
        },
    ),
    "feeds.QuarantinedRow": ModelEntry(
        purpose="Rows refused at the edge, kept as received so the source can correct and resend.",
        data_subjects=(ADULTS, CHILDREN, PRISONERS),
        lawful_basis=PUBLIC_TASK,
        recipients=(POLICE,),
        retention="quarantine",
        fields={"id": NONE, "batch": NONE, "row_number": NONE, "reason": PERSONAL, "raw": CRIMINAL},
    ),
    "feeds.IngestWarning": ModelEntry(
        purpose="Optional cells dropped from kept rows, so the source can fix them.",
        data_subjects=(ADULTS, CHILDREN, PRISONERS),
        lawful_basis=PUBLIC_TASK,
        recipients=(POLICE,),
        retention="quarantine",
        fields={
            "id": NONE,
            "batch": NONE,
            "row_number": NONE,
            "column": NONE,
            "message": PERSONAL,
        },
    ),
    "feeds.PrisonMovement": ModelEntry(
        purpose="Receptions into prison: who was received, where, on what status, for what.",
        data_subjects=(PRISONERS,),
        lawful_basis=PUBLIC_TASK,
        recipients=(POLICE,),
        retention="source_records",
        fields={
            **_FEED_ROW,
            "movement_id": PERSONAL,
            "movement_type": CRIMINAL,
            "movement_date": CRIMINAL,
            "prison_number": CRIMINAL,
            "pnc_id": CRIMINAL,
            "first_name": PERSONAL,
            "middle_names": PERSONAL,
            "last_name": PERSONAL,
            "aliases": PERSONAL,
            "date_of_birth": PERSONAL,
            "sex": PERSONAL,
            "establishment_code": CRIMINAL,
            "establishment_name": CRIMINAL,
            "legal_status": CRIMINAL,
            "offence_category": CRIMINAL,
            "offence_description": CRIMINAL,
            "pprc_flag": CRIMINAL,
            "sentence_length_days": CRIMINAL,
            "release_date": CRIMINAL,
            "parole_eligibility_date": CRIMINAL,
            **_ADDRESS,
            "declared_children": PERSONAL,
            "identified_at": NONE,
        },
    ),
    "feeds.PersonRecord": ModelEntry(
        purpose="Local people (police, children's social care, schools) to find prisoners' children.",
        data_subjects=(ADULTS, CHILDREN),
        lawful_basis=PUBLIC_TASK,
        recipients=(POLICE,),
        retention="source_records",
        fields={
            **_FEED_ROW,
            "source": NONE,
            "record_id": PERSONAL,
            "first_name": PERSONAL,
            "middle_names": PERSONAL,
            "last_name": PERSONAL,
            "previous_last_names": PERSONAL,
            "date_of_birth": PERSONAL,
            "sex": PERSONAL,
            **_ADDRESS,
            "phone": PERSONAL,
            "csc_status": SPECIAL,
            "allocated_worker": SPECIAL,
            "school_urn": PERSONAL,
            "updated_at": NONE,
            "person_key": PERSONAL,
        },
    ),
    "feeds.Relationship": ModelEntry(
        purpose="Who is whose parent or carer, to follow a matched adult to their children.",
        data_subjects=(ADULTS, CHILDREN),
        lawful_basis=PUBLIC_TASK,
        recipients=(POLICE,),
        retention="source_records",
        fields={
            **_FEED_ROW,
            "source": NONE,
            "adult_record_id": PERSONAL,
            "child_record_id": PERSONAL,
            "relationship": PERSONAL,
            "parental_responsibility": PERSONAL,
            "lives_with_child": PERSONAL,
        },
    ),
    "feeds.RecordHistory": ModelEntry(
        purpose="What a row held before an update replaced it, to explain past decisions.",
        data_subjects=(ADULTS, CHILDREN, PRISONERS),
        lawful_basis=PUBLIC_TASK,
        recipients=(POLICE,),
        retention="source_records",
        fields={
            "id": NONE,
            "feed": NONE,
            "record_key": PERSONAL,
            "content": CRIMINAL,
            "content_batch": NONE,
            "replaced_by_batch": NONE,
            "replaced_at": NONE,
        },
    ),
    # --- linkage -------------------------------------------------------------------------
    "linkage.LinkageModel": ModelEntry(
        purpose="Trained matching models (weights only), kept to explain every match made.",
        data_subjects=(),
        lawful_basis=NOT_PERSONAL,
        recipients=(POLICE,),
        retention="linkage_models",
        fields={
            "id": NONE,
            "created_at": NONE,
            "splink_version": NONE,
            "settings": NONE,
            "training_summary": NONE,
            "population_fingerprint": NONE,
        },
    ),
    "linkage.Resolution": ModelEntry(
        purpose="When local records were resolved into persons, and how many.",
        data_subjects=(),
        lawful_basis=NOT_PERSONAL,
        recipients=(POLICE,),
        retention="linkage_models",
        fields={
            "id": NONE,
            "created_at": NONE,
            "model": NONE,
            "population_fingerprint": NONE,
            "records": NONE,
            "persons": NONE,
            "seconds": NONE,
        },
    ),
    # --- identification ------------------------------------------------------------------
    "identification.IdentificationRun": ModelEntry(
        purpose="Each identification run's counts and timings.",
        data_subjects=(),
        lawful_basis=NOT_PERSONAL,
        recipients=(POLICE,),
        retention="identification_records",
        fields={
            "id": NONE,
            "started_at": NONE,
            "finished_at": NONE,
            "model": NONE,
            "receptions": NONE,
            "matched_receptions": NONE,
            "identifications": NONE,
            "children_outside_areas": NONE,
            "resolved_people": NONE,
            "timings": NONE,
        },
    ),
    "identification.ReceptionMatch": ModelEntry(
        purpose="A prisoner linked to a local adult, with the evidence, for review and audit.",
        data_subjects=(PRISONERS, ADULTS),
        lawful_basis=PUBLIC_TASK,
        recipients=(POLICE,),
        retention="identification_records",
        fields={
            "id": NONE,
            "movement": CRIMINAL,
            "adult_person_key": CRIMINAL,
            "match_probability": CRIMINAL,
            "match_band": CRIMINAL,
            "evidence": CRIMINAL,
            "run": NONE,
            "model": NONE,
            "review_state": CRIMINAL,
            "version": NONE,
        },
    ),
    "identification.Identification": ModelEntry(
        purpose="A child identified as the child of a person received into prison.",
        data_subjects=(CHILDREN, PRISONERS),
        lawful_basis=PUBLIC_TASK,
        recipients=(POLICE,),
        retention="identification_records",
        fields={
            "id": NONE,
            "identification_id": PERSONAL,
            "movement": CRIMINAL,
            "reception_match": CRIMINAL,
            "child_key": CRIMINAL,
            "child_source_records": PERSONAL,
            "child_first_name": PERSONAL,
            "child_last_name": PERSONAL,
            "child_date_of_birth": PERSONAL,
            "child_age": PERSONAL,
            "child_postcode": PERSONAL,
            "area": NONE,
            "relationship": CRIMINAL,
            "lives_with_child": PERSONAL,
            "parent_match_probability": CRIMINAL,
            "match_band": NONE,
            "status": NONE,
            "relationship_records": PERSONAL,
            "created_at": NONE,
            "run": NONE,
        },
    ),
    "identification.ReviewDecision": ModelEntry(
        purpose="An analyst's confirmation or rejection of a match, with the reason.",
        data_subjects=(PRISONERS, ADULTS, STAFF),
        lawful_basis=PUBLIC_TASK,
        recipients=(POLICE,),
        retention="identification_records",
        fields={
            "id": NONE,
            "reception_match": CRIMINAL,
            "decision": CRIMINAL,
            "reason": CRIMINAL,
            "decided_by": PERSONAL,
            "decided_at": NONE,
            "match_probability": NONE,
            "model": NONE,
        },
    ),
    "identification.HeldBackReception": ModelEntry(
        purpose=(
            "Receptions processed while a person they would have matched was restricted, to be "
            "identified again once the restriction is lifted."
        ),
        data_subjects=(PRISONERS, ADULTS, CHILDREN),
        lawful_basis=LEGAL_OBLIGATION,
        recipients=(POLICE,),
        retention="subject_access",
        fields={"id": NONE, "movement": CRIMINAL, "restriction_id": PERSONAL, "held_at": NONE},
    ),
    # --- families ------------------------------------------------------------------------
    "families.Family": ModelEntry(
        purpose="One case: a prisoner's children at one address, its state and officer.",
        data_subjects=(FAMILIES, PRISONERS),
        lawful_basis=PUBLIC_TASK,
        recipients=(POLICE,),  # the partner gets the referral, never the case
        retention="case_records",
        fields={
            "id": NONE,
            "movement": CRIMINAL,
            "household_key": PERSONAL,
            "area": NONE,
            "state": SPECIAL,
            "state_changed_at": NONE,
            "identified_on": NONE,
            "assigned_officer": PERSONAL,
            "created_at": NONE,
            "version": NONE,
        },
    ),
    "families.FamilyMember": ModelEntry(
        purpose="Which identified child belongs to which case.",
        data_subjects=(FAMILIES,),
        lawful_basis=PUBLIC_TASK,
        recipients=(POLICE,),  # the partner gets the referral, never the case
        retention="case_records",
        fields={"id": NONE, "family": PERSONAL, "identification": PERSONAL},
    ),
    # --- screening -----------------------------------------------------------------------
    "screening.ScreeningFlag": ModelEntry(
        purpose="What the data says bears on contacting a family safely, and where it says it.",
        data_subjects=(FAMILIES, PRISONERS),
        lawful_basis=PUBLIC_TASK,
        recipients=(POLICE,),
        retention="case_records",
        fields={
            "id": NONE,
            "family": NONE,
            "code": CRIMINAL,
            "severity": SPECIAL,
            "detail": CRIMINAL,
            "source": PERSONAL,
            "computed_at": NONE,
        },
    ),
    "screening.ScreeningDecision": ModelEntry(
        purpose="Whether it is safe and right to approach a family, and the analysts' reasons.",
        data_subjects=(FAMILIES, PRISONERS, STAFF),
        lawful_basis=PUBLIC_TASK,
        recipients=(POLICE,),
        retention="case_records",
        fields={
            "id": NONE,
            "family": NONE,
            "outcome": SPECIAL,
            "reason_code": SPECIAL,
            "rationale": SPECIAL,
            "red_flags": CRIMINAL,
            "decided_by": PERSONAL,
            "decided_at": NONE,
            "needs_countersignature": NONE,
            "countersign_outcome": SPECIAL,
            "countersigned_by": PERSONAL,
            "countersigned_at": NONE,
            "countersign_note": SPECIAL,
        },
    ),
    # --- outreach ------------------------------------------------------------------------
    "outreach.ContactAttempt": ModelEntry(
        purpose="Each attempt to reach a family, how and with what result.",
        data_subjects=(FAMILIES, STAFF),
        lawful_basis=PUBLIC_TASK,
        recipients=(POLICE,),
        retention="case_records",
        fields={
            "id": NONE,
            "family": NONE,
            "method": PERSONAL,
            "outcome": PERSONAL,
            "attempted_at": PERSONAL,
            "note": SPECIAL,
            "recorded_by": PERSONAL,
            "recorded_at": NONE,
        },
    ),
    "outreach.Consent": ModelEntry(
        purpose="Who consented to what sharing, how, and any withdrawal.",
        data_subjects=(FAMILIES, STAFF),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(POLICE, CHARITY),
        retention="case_records",
        fields={
            "id": NONE,
            "family": NONE,
            "given_by_name": PERSONAL,
            "relationship_to_child": PERSONAL,
            "has_parental_responsibility": PERSONAL,
            "covers_referral": PERSONAL,
            "covers_school": PERSONAL,
            "covers_social_care": PERSONAL,
            "method": PERSONAL,
            "given_at": PERSONAL,
            "contact_phone": PERSONAL,
            "recorded_by": PERSONAL,
            "recorded_at": NONE,
            "withdrawn_at": PERSONAL,
            "withdrawn_recorded_by": PERSONAL,
            "withdrawal_note": SPECIAL,
        },
    ),
    "outreach.Referral": ModelEntry(
        purpose="The handover to the partner organisation: the minimum it needs.",
        data_subjects=(FAMILIES, STAFF),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(POLICE, CHARITY),
        retention="case_records",
        fields={
            "id": NONE,
            "family": NONE,
            "consent": NONE,
            "organisation": NONE,
            "route": NONE,
            "details": SPECIAL,
            "referred_by": PERSONAL,
            "referred_at": NONE,
            "consent_withdrawn_at": PERSONAL,
        },
    ),
    "outreach.Disclosure": ModelEntry(
        purpose="Every disclosure to another organisation: what, to whom, why, on which basis.",
        data_subjects=(FAMILIES, PRISONERS, STAFF),
        lawful_basis=PUBLIC_TASK,
        recipients=(POLICE, LOCAL_AUTHORITY),
        retention="case_records",
        fields={
            "id": NONE,
            "family": NONE,
            "recipient_kind": NONE,
            "recipient_organisation": NONE,
            "recipient_name": PERSONAL,
            "what": CRIMINAL,
            "why": SPECIAL,
            "lawful_basis": NONE,
            "consent": NONE,
            "disclosed_by": PERSONAL,
            "disclosed_at": NONE,
        },
    ),
    "outreach.SelfReferralInvite": ModelEntry(
        purpose="The reference left with a family and what they sent back on the public form.",
        data_subjects=(FAMILIES, STAFF),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(POLICE, CHARITY),
        retention="case_records",
        fields={
            "id": NONE,
            "family": NONE,
            "reference": PERSONAL,
            "created_at": NONE,
            "created_by": PERSONAL,
            "used_at": PERSONAL,
            "contact_name": PERSONAL,
            "contact_details": PERSONAL,
            "best_time": PERSONAL,
        },
    ),
    "outreach.SelfReferralAttempt": ModelEntry(
        purpose="Limiting the rate of the public self-referral form (a keyed hash, no address).",
        data_subjects=(PUBLIC,),
        lawful_basis=LEGITIMATE_INTERESTS,
        recipients=(),
        retention="rate_limit",
        fields={"id": NONE, "client_hash": PERSONAL, "at": NONE},
    ),
    # --- support (the partner organisation's case work) ---------------------------------
    "support.SupportCase": ModelEntry(
        purpose="A referred family as the partner organisation supports it: who works with them.",
        data_subjects=(FAMILIES, STAFF),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(CHARITY,),
        retention="support_records",
        fields={
            "id": NONE,
            "referral": NONE,
            "organisation": NONE,
            "state": SPECIAL,
            "state_changed_at": NONE,
            "practitioner": PERSONAL,
            "team": PERSONAL,
            "waitlist_reason": SPECIAL,
            "needs_safety_planning": CRIMINAL,
            "accepted_by": PERSONAL,
            "accepted_at": NONE,
            "version": NONE,
        },
    ),
    "support.SupportChild": ModelEntry(
        purpose="The partner organisation's own minimum record of each child it supports.",
        data_subjects=(FAMILIES,),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(CHARITY,),
        retention="support_records",
        fields={
            "id": NONE,
            "case": NONE,
            "first_name": PERSONAL,
            "last_name": PERSONAL,
            "date_of_birth": PERSONAL,
            "family_member": NONE,
        },
    ),
    "support.ChildAssessment": ModelEntry(
        purpose="What a child needs: what they know, contact with the parent, effects, risks.",
        data_subjects=(FAMILIES, PRISONERS, STAFF),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(CHARITY,),
        retention="support_records",
        fields={
            "id": NONE,
            "child": NONE,
            "assessed_on": NONE,
            "age_and_stage": SPECIAL,
            "knowledge": SPECIAL,
            "what_child_was_told": SPECIAL,
            "visits": SPECIAL,
            "calls": SPECIAL,
            "letters": SPECIAL,
            "relationship_with_parent": SPECIAL,
            "offence_factors": CRIMINAL,
            "effects": SPECIAL,
            "effects_detail": SPECIAL,
            "strengths": SPECIAL,
            "risks": SPECIAL,
            "assessed_by": PERSONAL,
            "recorded_at": NONE,
        },
    ),
    "support.FamilyNeedsAssessment": ModelEntry(
        purpose="What the family as a whole needs: money, housing, the carer, harassment.",
        data_subjects=(FAMILIES, STAFF),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(CHARITY,),
        retention="support_records",
        fields={
            "id": NONE,
            "case": NONE,
            "assessed_on": NONE,
            "needs": SPECIAL,
            "detail": SPECIAL,
            "assessed_by": PERSONAL,
            "recorded_at": NONE,
        },
    ),
    "support.SupportPlan": ModelEntry(
        purpose="The package of help agreed with the family and when it is reviewed.",
        data_subjects=(FAMILIES, STAFF),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(CHARITY,),
        retention="support_records",
        fields={
            "id": NONE,
            "case": NONE,
            "agreed_on": NONE,
            "review_on": NONE,
            "agreed_by": PERSONAL,
            "recorded_at": NONE,
            "superseded_at": NONE,
        },
    ),
    "support.PlanItem": ModelEntry(
        purpose="One intervention of a support plan and its goal.",
        data_subjects=(FAMILIES,),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(CHARITY,),
        retention="support_records",
        fields={
            "id": NONE,
            "plan": NONE,
            "intervention": SPECIAL,
            "child": NONE,
            "goal": SPECIAL,
        },
    ),
    "support.SupportSession": ModelEntry(
        purpose="Each session held with a child or family, and the notes of it.",
        data_subjects=(FAMILIES, STAFF),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(CHARITY,),
        retention="support_records",
        fields={
            "id": NONE,
            "case": NONE,
            "child": NONE,
            "kind": SPECIAL,
            "held_on": NONE,
            "duration_minutes": NONE,
            "attended": SPECIAL,
            "notes": SPECIAL,
            "held_by": PERSONAL,
            "recorded_at": NONE,
        },
    ),
    "support.MentorAssignment": ModelEntry(
        purpose="Which volunteer mentor works with which child.",
        data_subjects=(FAMILIES, STAFF),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(CHARITY,),
        retention="support_records",
        fields={
            "id": NONE,
            "child": NONE,
            "mentor": PERSONAL,
            "started_on": NONE,
            "ended_on": NONE,
            "assigned_by": PERSONAL,
        },
    ),
    "support.WellbeingScore": ModelEntry(
        purpose="How each child is doing over time (0-10 and the SDQ total), and who said so.",
        data_subjects=(FAMILIES, STAFF),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(CHARITY,),
        retention="support_records",
        fields={
            "id": NONE,
            "child": NONE,
            "scored_on": NONE,
            "occasion": NONE,
            "scored_by": NONE,
            "score": SPECIAL,
            "sdq_total": SPECIAL,
            "recorded_by": PERSONAL,
            "recorded_at": NONE,
        },
    ),
    "support.SupportTask": ModelEntry(
        purpose="What a practitioner must do by when: release planning, safety planning, follow-up.",
        data_subjects=(FAMILIES, PRISONERS, STAFF),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(CHARITY,),
        retention="support_records",
        fields={
            "id": NONE,
            "case": NONE,
            "kind": CRIMINAL,
            "due_on": NONE,
            "movement": NONE,
            "about_date": CRIMINAL,
            "created_at": NONE,
            "done_at": NONE,
            "done_by": PERSONAL,
            "done_note": SPECIAL,
            "superseded_at": NONE,
        },
    ),
    "support.MovementAlert": ModelEntry(
        purpose="A later prison movement of the family's parent, for the practitioner to act on.",
        data_subjects=(FAMILIES, PRISONERS, STAFF),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(CHARITY,),
        retention="support_records",
        fields={
            "id": NONE,
            "case": NONE,
            "movement": NONE,
            "kind": CRIMINAL,
            "created_at": NONE,
            "acknowledged_at": NONE,
            "acknowledged_by": PERSONAL,
        },
    ),
    "support.SchoolNotification": ModelEntry(
        purpose="What the school's safeguarding lead was told, under the family's consent.",
        data_subjects=(FAMILIES, STAFF),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(CHARITY, LOCAL_AUTHORITY),
        retention="support_records",
        fields={
            "id": NONE,
            "case": NONE,
            "child": NONE,
            "school_name": PERSONAL,
            "safeguarding_lead": PERSONAL,
            "message": CRIMINAL,
            "consent": NONE,
            "disclosure": NONE,
            "made_by": PERSONAL,
            "made_at": NONE,
        },
    ),
    "support.Closure": ModelEntry(
        purpose="Each closing and reopening of a case, why, and the follow-up due.",
        data_subjects=(FAMILIES, STAFF),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(CHARITY,),
        retention="support_records",
        fields={
            "id": NONE,
            "case": NONE,
            "closed_on": NONE,
            "reason": SPECIAL,
            "note": SPECIAL,
            "follow_up_on": NONE,
            "closed_by": PERSONAL,
            "recorded_at": NONE,
            "reopened_at": NONE,
            "reopened_by": PERSONAL,
            "reopen_reason": SPECIAL,
        },
    ),
    # --- events (groups, family days, residentials) --------------------------------------
    "events.GroupEvent": ModelEntry(
        purpose="The partner organisation's groups and events, their places, and who ran them.",
        data_subjects=(STAFF,),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(CHARITY,),
        retention="support_records",
        fields={
            "id": NONE,
            "organisation": NONE,
            "kind": NONE,
            "title": NONE,
            "description": NONE,
            "starts_at": NONE,
            "ends_at": NONE,
            "location": NONE,
            "capacity": NONE,
            "created_by": PERSONAL,
            "created_at": NONE,
            "cancelled_at": NONE,
            "cancelled_by": PERSONAL,
            "cancel_reason": NONE,
        },
    ),
    "events.EventInvitation": ModelEntry(
        purpose=(
            "Which child or carer of a supported family was invited to a group or event, their "
            "answer and whether they came (being there says a parent is in prison)."
        ),
        data_subjects=(FAMILIES, STAFF),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        recipients=(CHARITY,),
        retention="support_records",
        fields={
            "id": NONE,
            "event": NONE,
            "case": NONE,
            "child": NONE,
            "invited_by": PERSONAL,
            "invited_at": NONE,
            "response": SPECIAL,
            "responded_at": NONE,
            "response_recorded_by": PERSONAL,
            "attended": SPECIAL,
            "attendance_recorded_by": PERSONAL,
            "attendance_recorded_at": NONE,
        },
    ),
    # --- guidance (telling the child) ----------------------------------------------------
    "guidance.GuidanceSection": ModelEntry(
        purpose=(
            "The telling-the-child guidance for parents and carers, in every version saved, "
            "and which manager saved each one."
        ),
        data_subjects=(STAFF,),
        lawful_basis=LEGITIMATE_INTERESTS,
        recipients=(CHARITY,),
        retention="support_records",
        fields={
            # The guidance itself is written for any family and names nobody.
            "id": NONE,
            "organisation": NONE,
            "key": NONE,
            "version": NONE,
            "title": NONE,
            "body": NONE,
            "position": NONE,
            "age_bands": NONE,
            "legal_statuses": NONE,
            "sentence_bands": NONE,
            "offence_kinds": NONE,
            "only_with_press_coverage": NONE,
            "retired": NONE,
            "change_note": NONE,
            "edited_by": PERSONAL,
            "edited_at": NONE,
        },
        field_retention={"edited_by": "staff_accounts"},
    ),
    # --- api -----------------------------------------------------------------------------
    "api.ApiToken": ModelEntry(
        purpose=(
            "Credentials of the API's machine clients: which account each acts as, when it was "
            "issued, last used, revoked and expires (a keyed hash of the token, never the token)."
        ),
        data_subjects=(STAFF,),
        lawful_basis=LEGITIMATE_INTERESTS,
        recipients=(),
        retention="staff_accounts",
        fields={
            "id": NONE,
            "name": NONE,
            "user": PERSONAL,
            "lookup_id": NONE,
            "token_hash": NONE,
            "created_at": PERSONAL,
            "last_used_at": PERSONAL,
            "revoked_at": PERSONAL,
            "expires_at": NONE,
        },
    ),
    # --- access --------------------------------------------------------------------------
    "access.Membership": ModelEntry(
        purpose="Each user's role, organisation and areas, which decide what they may see.",
        data_subjects=(STAFF,),
        lawful_basis=LEGITIMATE_INTERESTS,
        recipients=(POLICE,),
        retention="staff_accounts",
        fields={
            "id": NONE,
            "user": PERSONAL,
            "role": PERSONAL,
            "organisation": PERSONAL,
            "areas": PERSONAL,
            "team": PERSONAL,
        },
    ),
    "access.SignInFailure": ModelEntry(
        purpose=(
            "Locking out password guessing (keyed hashes of the account tried and of the client "
            "address, and a time)."
        ),
        data_subjects=(STAFF,),
        lawful_basis=LEGITIMATE_INTERESTS,
        recipients=(),
        retention="rate_limit",
        fields={"id": NONE, "account_hash": PERSONAL, "client_hash": PERSONAL, "at": NONE},
    ),
    "access.AuditEvent": ModelEntry(
        purpose="Accountability: who did what to which record, in what role, and why.",
        data_subjects=(STAFF, FAMILIES, PRISONERS),
        lawful_basis=LEGAL_OBLIGATION,
        recipients=(POLICE,),
        retention="audit_trail",
        fields={
            "id": NONE,
            "at": NONE,
            "actor": PERSONAL,
            "actor_name": PERSONAL,
            "role": PERSONAL,
            "organisation": PERSONAL,
            "action": NONE,
            "subject_type": NONE,
            "subject_id": PERSONAL,
            "purpose": NONE,
            "before": PERSONAL,
            "after": PERSONAL,
            "prev_hash": NONE,
            "row_hash": NONE,
            "key_id": NONE,
        },
    ),
    # --- privacy -------------------------------------------------------------------------
    "privacy.SubjectAccessRequest": ModelEntry(
        purpose="Subject access requests received, their due dates and when they were answered.",
        data_subjects=(ADULTS, CHILDREN, PRISONERS, STAFF),
        lawful_basis=LEGAL_OBLIGATION,
        recipients=(POLICE,),
        retention="subject_access",
        fields={
            "id": NONE,
            "person_key": PERSONAL,
            "name": PERSONAL,
            "date_of_birth": PERSONAL,
            "received_on": PERSONAL,
            "due_on": NONE,
            "exported_at": NONE,
            "exported_by": PERSONAL,
        },
    ),
    "privacy.RetentionDecision": ModelEntry(
        purpose="What each retention run deleted or anonymised: counts per model, no content.",
        data_subjects=(),
        lawful_basis=NOT_PERSONAL,
        recipients=(POLICE,),
        retention="audit_trail",
        fields={
            "id": NONE,
            "decided_at": NONE,
            "today": NONE,
            "model": NONE,
            "category": NONE,
            "action": NONE,
            "cut_off": NONE,
            "count": NONE,
            "applied": NONE,
            "reason": NONE,
        },
    ),
    "privacy.IdentificationMonthlyCount": ModelEntry(
        purpose="Identifications per area per month, so reporting survives retention.",
        data_subjects=(),
        lawful_basis=NOT_PERSONAL,
        recipients=(POLICE, CHARITY),
        retention="aggregate_counts",
        fields={"id": NONE, "area": NONE, "month": NONE, "identifications": NONE},
    ),
    "privacy.PersonRestriction": ModelEntry(
        purpose="People whose data is kept but withheld from use (UK GDPR Art. 18).",
        data_subjects=(ADULTS, CHILDREN, PRISONERS, STAFF),
        lawful_basis=LEGAL_OBLIGATION,
        recipients=(POLICE,),
        retention="subject_access",
        fields={
            "id": NONE,
            "person_key": PERSONAL,
            "records": PERSONAL,
            "reason": PERSONAL,
            "restricted_at": NONE,
            "restricted_by": PERSONAL,
            "lifted_at": NONE,
            "lifted_by": PERSONAL,
            "lift_reason": PERSONAL,
        },
    ),
    "privacy.Erasure": ModelEntry(
        purpose="That a person's records were erased (UK GDPR Art. 17): when, why, how many rows.",
        data_subjects=(STAFF,),
        lawful_basis=LEGAL_OBLIGATION,
        recipients=(POLICE,),
        retention="subject_access",
        fields={
            "id": NONE,
            "person_key_hash": NONE,
            "reason": PERSONAL,
            "erased_at": NONE,
            "erased_by": PERSONAL,
            "rows": NONE,
        },
    ),
    "privacy.ErasedRecord": ModelEntry(
        purpose=(
            "Tombstones of erased records (keyed hashes of the record's key in its feed), so a "
            "source sending one again is refused at ingest."
        ),
        data_subjects=(ADULTS, CHILDREN, PRISONERS),
        lawful_basis=LEGAL_OBLIGATION,
        recipients=(),
        retention="subject_access",
        # A keyed hash: only someone holding the erasure key and the record's key can link it.
        fields={"id": NONE, "erasure": NONE, "record_hash": PERSONAL},
    ),
}


@dataclass(frozen=True)
class FileStore:
    """A copy of personal data kept in files rather than in the database.

    ``pattern`` is a glob under ``PARAMOUNT_HOME`` for the files Paramount keeps there itself;
    ``None`` for files written where the operator says (``--out``), which Paramount creates
    readable by the service account only and cannot find again. Each store is in the record of
    processing, and the retention job and erasure purge the ones under ``PARAMOUNT_HOME``.
    """

    name: str
    pattern: str | None
    purpose: str
    data_subjects: tuple[str, ...]
    classification: Classification
    retention: str
    how_removed: str
    # Models the files copy: when the retention job removes or anonymises rows of these, the
    # files are stale copies of what is gone, and are removed whatever their age.
    copies: tuple[str, ...] = ()


FILE_STORES: tuple[FileStore, ...] = (
    FileStore(
        name="Linkage population cache",
        # The cache, and the partial file of a run killed while writing it.
        pattern="linkage/*population-*.parquet*",
        purpose=(
            "The local records prepared for matching (names, dates of birth, postcodes, person "
            "keys), so a daily run need not read and prepare every record again."
        ),
        data_subjects=(ADULTS, CHILDREN),
        classification=PERSONAL,
        retention="source_records",
        how_removed=(
            "rebuilt from the database whenever the people data changes; removed by the "
            "retention job and by erasure, and rebuilt by the next identification run"
        ),
        copies=("feeds.PersonRecord", "feeds.Relationship"),
    ),
    FileStore(
        name="Demo region",
        pattern="demo/**/*",
        purpose="The generated (synthetic) feed files the demo ingests.",
        data_subjects=(ADULTS, CHILDREN, PRISONERS),
        classification=CRIMINAL,
        retention="source_records",
        how_removed="removed by the retention job once the files are past the period",
    ),
    FileStore(
        name="Subject access exports",
        pattern=None,
        purpose="A person's data gathered to answer their subject access request.",
        data_subjects=(ADULTS, CHILDREN, PRISONERS, FAMILIES, STAFF),
        classification=CRIMINAL,
        retention="subject_access",
        how_removed="deleted by the data protection officer once the answer is sent",
    ),
    FileStore(
        name="Identification exports",
        pattern=None,
        purpose="The identifications export of the feed contract, for the analysts.",
        data_subjects=(PRISONERS, CHILDREN),
        classification=CRIMINAL,
        retention="identification_records",
        how_removed="deleted by the operator once used; never kept beside the database",
    ),
)


# --- Stores that are not Paramount's own models --------------------------------------------


@dataclass(frozen=True)
class ServiceStore:
    """A table of Django or django-otp that holds personal data: staff accounts, their second
    factor and their sessions. Not in ``REGISTRY`` (its fields are not Paramount's to classify
    one by one) but in the record of processing all the same."""

    label: str
    name: str
    purpose: str
    data_subjects: tuple[str, ...]
    classification: Classification
    retention: str | None
    how_removed: str


SERVICE_STORES: tuple[ServiceStore, ...] = (
    ServiceStore(
        label="auth.User",
        name="Staff accounts",
        purpose=(
            "Each member of staff's account: username, name, email address, password hash, "
            "whether it is active, and when they last signed in."
        ),
        data_subjects=(STAFF,),
        classification=PERSONAL,
        retention="staff_accounts",
        how_removed=(
            "deactivated when the person leaves (which ends their sessions); kept while audit "
            "events name the account, because the audit trail refers to it"
        ),
    ),
    ServiceStore(
        label="otp_totp.TOTPDevice",
        name="Second-factor secrets (authenticator apps)",
        purpose=(
            "The shared secret of each member of staff's authenticator app, for the second factor."
        ),
        data_subjects=(STAFF,),
        classification=PERSONAL,
        retention="staff_accounts",
        how_removed="deleted with the account, or when the person sets up a new app",
    ),
    ServiceStore(
        label="otp_static.StaticDevice",
        name="Second-factor recovery codes (device)",
        purpose="The set of one-time recovery codes a member of staff may use instead of the app.",
        data_subjects=(STAFF,),
        classification=PERSONAL,
        retention="staff_accounts",
        how_removed="deleted with the account; replaced when new codes are issued",
    ),
    ServiceStore(
        label="otp_static.StaticToken",
        name="Second-factor recovery codes",
        purpose="Each unused recovery code; a code is deleted once used.",
        data_subjects=(STAFF,),
        classification=PERSONAL,
        retention="staff_accounts",
        how_removed="deleted when used, and with the account",
    ),
    ServiceStore(
        label="sessions.Session",
        name="Sessions",
        purpose="Who is signed in (the session key and the account it belongs to), and since when.",
        data_subjects=(STAFF,),
        classification=PERSONAL,
        retention=None,
        how_removed=(
            "a session ends 30 minutes after the last request and 8 hours after sign-in "
            "(PARAMOUNT_SESSION_IDLE_MINUTES, PARAMOUNT_SESSION_ABSOLUTE_HOURS), and at sign-out; "
            "`paramount clearsessions` in the daily schedule deletes the ended ones"
        ),
    ),
)

# Installed tables outside Paramount's apps that hold no personal data, and why.
NOT_PERSONAL_STORES: dict[str, str] = {
    "auth.Permission": "the names of permissions, not of people",
    "auth.Group": "the names of groups (Paramount's roles are in access.Membership)",
    "contenttypes.ContentType": "the names of the models",
}


# --- Processing activities: who is controller, under which law, and why ------------------


class Regime(StrEnum):
    UK_GDPR = "UK GDPR and DPA 2018 Part 2"
    LAW_ENFORCEMENT = "DPA 2018 Part 3 (law enforcement processing)"


@dataclass(frozen=True)
class ProcessingActivity:
    """One activity of the record of processing (UK GDPR Art. 30; DPA 2018 s.61 for Part 3).

    ``controller`` names a ``[controllers.<key>]`` table of the configuration. ``models`` are
    registry labels, ``stores`` the labels of ``SERVICE_STORES`` and the names of ``FILE_STORES``
    the activity uses; a model can be in more than one activity (a referral is the police's
    disclosure and the partner's record).
    """

    name: str
    controller: str
    regime: Regime
    why_regime: str
    purposes: str
    lawful_basis: str
    models: tuple[str, ...]
    stores: tuple[str, ...] = ()


_POLICE_PURPOSE = (
    "The chief constable is a competent authority (DPA 2018 Sch. 7), and finding the children "
    "of people just received into prison is done for a law enforcement purpose (s.31): to "
    "prevent crime and harm to and by children who are at much higher risk of both, under the "
    "serious violence duty. The data is mostly criminal-offence data from the prison service "
    "(itself a competent authority) and from police records."
)

PROCESSING_ACTIVITIES: tuple[ProcessingActivity, ...] = (
    ProcessingActivity(
        name="Finding the children of people received into prison",
        controller="police",
        regime=Regime.LAW_ENFORCEMENT,
        why_regime=_POLICE_PURPOSE,
        purposes=(
            "Take in the day's prison receptions and the local records of people and "
            "relationships; resolve local records into people; match each reception to a local "
            "adult; follow parent and carer relationships to children under 18 in the area; "
            "analysts confirm uncertain matches."
        ),
        lawful_basis=PUBLIC_TASK,
        models=(
            "feeds.QuarantinedRow",
            "feeds.IngestWarning",
            "feeds.PrisonMovement",
            "feeds.PersonRecord",
            "feeds.Relationship",
            "feeds.RecordHistory",
            "identification.ReceptionMatch",
            "identification.Identification",
            "identification.ReviewDecision",
        ),
        stores=("Linkage population cache", "Identification exports", "Demo region"),
    ),
    ProcessingActivity(
        name="Screening and contacting families",
        controller="police",
        regime=Regime.LAW_ENFORCEMENT,
        why_regime=(
            _POLICE_PURPOSE + " Whether an approach is safe (a risk to children, domestic abuse, a "
            "child protection plan) is safeguarding against crime and harm (Sch. 8 para 4)."
        ),
        purposes=(
            "Decide whether it is safe and right to approach each family; an outreach officer "
            "contacts the family, records what happened and their consent, or leaves "
            "self-referral details."
        ),
        lawful_basis=PUBLIC_TASK,
        models=(
            "families.Family",
            "families.FamilyMember",
            "screening.ScreeningFlag",
            "screening.ScreeningDecision",
            "outreach.ContactAttempt",
            "outreach.Consent",
            "outreach.SelfReferralInvite",
            "outreach.SelfReferralAttempt",
        ),
    ),
    ProcessingActivity(
        name="Referral and disclosure",
        controller="police",
        regime=Regime.LAW_ENFORCEMENT,
        why_regime=(
            "The police's disclosure is part of their law enforcement processing. The data is "
            "then used for a purpose that is not law enforcement (the family's support), which "
            "DPA 2018 s.36(4) allows when authorised by law: Children Act 2004 s.10 and s.11, "
            "with the family's consent. The recipients' own processing is under UK GDPR."
        ),
        purposes=(
            "Hand a consenting family to the partner organisation with the minimum it needs, and "
            "record every disclosure to a school or children's social care: what, to whom, why "
            "and on which basis."
        ),
        lawful_basis=PUBLIC_TASK + "; the referral itself also on the family's consent",
        models=("outreach.Referral", "outreach.Disclosure", "outreach.Consent"),
    ),
    ProcessingActivity(
        name="Supporting referred families",
        controller="partner",
        regime=Regime.UK_GDPR,
        why_regime=(
            "The partner organisation is not a competent authority, and its purpose is the "
            "family's welfare, not law enforcement: UK GDPR and DPA 2018 Part 2 apply."
        ),
        purposes=(
            "Assess each child's and the family's needs, agree and deliver a support plan "
            "(sessions, mentoring, groups and events, release planning, telling the child), "
            "review wellbeing, tell the school with consent, and close the case."
        ),
        lawful_basis=CONSENT_AND_PUBLIC_TASK,
        models=(
            "outreach.Referral",
            "outreach.Consent",
            "support.SupportCase",
            "support.SupportChild",
            "support.ChildAssessment",
            "support.FamilyNeedsAssessment",
            "support.SupportPlan",
            "support.PlanItem",
            "support.SupportSession",
            "support.MentorAssignment",
            "support.WellbeingScore",
            "support.SupportTask",
            "support.MovementAlert",
            "support.SchoolNotification",
            "support.Closure",
            "events.GroupEvent",
            "events.EventInvitation",
            "guidance.GuidanceSection",
        ),
    ),
    ProcessingActivity(
        name="Logging the police's processing",
        controller="police",
        regime=Regime.LAW_ENFORCEMENT,
        why_regime=(
            "DPA 2018 s.62 requires a log of collection, alteration, consultation, disclosure, "
            "combination and erasure in every automated system used for law enforcement "
            "processing. The audit trail is that log."
        ),
        purposes="Record who did what to which record, in what role and why, tamper-evidently.",
        lawful_basis="DPA 2018 s.62 (logging) and s.35(2)(b)",
        models=("access.AuditEvent",),
    ),
    ProcessingActivity(
        name="Accountability and the rights of the people the data is about",
        controller="police",
        regime=Regime.UK_GDPR,
        why_regime=(
            "Answering requests and keeping the audit trail are each controller's own legal "
            "obligations (UK GDPR Art. 5(2), 15 to 18 and 30). A request about the police's "
            "Part 3 processing is answered under DPA 2018 s.45 to s.47, with the restrictions "
            "of s.45(4); the partner answers requests about its own processing."
        ),
        purposes=(
            "Subject access, restriction and erasure; the retention schedule; accountability "
            "for the partner organisation's processing."
        ),
        lawful_basis=LEGAL_OBLIGATION,
        models=(
            "access.AuditEvent",
            "privacy.SubjectAccessRequest",
            "privacy.PersonRestriction",
            "identification.HeldBackReception",
            "privacy.Erasure",
            "privacy.ErasedRecord",
        ),
        stores=("Subject access exports",),
    ),
    ProcessingActivity(
        name="Running and securing the service",
        controller="police",
        regime=Regime.UK_GDPR,
        why_regime=(
            "Staff accounts, their second factor, sessions, API credentials and rate limits "
            "are processed to run and secure the system (UK GDPR Art. 32), not for a law "
            "enforcement purpose."
        ),
        purposes=(
            "Sign staff in with a password and a second factor, keep their sessions, decide "
            "what each may see from their role, organisation and areas, and limit guessing."
        ),
        lawful_basis=LEGITIMATE_INTERESTS + "; for the police's own staff, Art. 6(1)(e)",
        models=(
            "access.Membership",
            "access.SignInFailure",
            "api.ApiToken",
        ),
        stores=(
            "auth.User",
            "otp_totp.TOTPDevice",
            "otp_static.StaticDevice",
            "otp_static.StaticToken",
            "sessions.Session",
        ),
    ),
)

# DPA 2018 s.61(2)(g): profiling. The matching is automated; no decision rests on it alone.
PROFILING = (
    "The linkage model (Splink) scores how likely each prisoner is to be each local adult. It "
    "makes no decision about a person on its own: every identification is screened by an "
    "analyst before anyone is approached, and every uncertain match is confirmed or rejected by "
    "an analyst (DPA 2018 s.49 and s.50, UK GDPR Art. 22: no decision based solely on "
    "automated processing)."
)

# Art. 30(1)(e), DPA 2018 s.61(2)(h).
TRANSFERS = (
    "None. No personal data is transferred to a third country or an international "
    "organisation: the service, its database, its backups and its files stay in the United "
    "Kingdom, and no part of it calls a service abroad."
)

# Art. 30(1)(g), Art. 32, DPA 2018 s.61(2)(k) and s.66: what protects the data, each proved by
# the tests named in docs/security.md.
SECURITY_MEASURES: tuple[tuple[str, str], ...] = (
    (
        "Least privilege",
        "every read is authorised while fetching, by role, organisation, area and allocation; "
        "police lose a family at referral; a record a user may not see is a 404, audited",
    ),
    (
        "Multi-factor authentication",
        "a password of 12 characters or more checked against common passwords, and a TOTP "
        "second factor with one-time recovery codes, for every user and every page",
    ),
    (
        "Guessing limited",
        "sign-in locked after repeated failures, with the same message for every failure",
    ),
    (
        "Sessions",
        "a new session at sign-in; ended after 30 minutes idle and 8 hours in all, at sign-out "
        "and when an account is disabled",
    ),
    (
        "Encryption in transit",
        "TLS only (HSTS), cookies Secure, HttpOnly and SameSite; a strict content security policy",
    ),
    (
        "Encryption at rest",
        "screening rationales and session notes encrypted (Fernet: AES-128 and HMAC-SHA256) "
        "under keys kept outside the database and rotated (`paramount privacy rotate-keys`); "
        "disk or volume encryption for the database and its backups",
    ),
    (
        "Tamper-evident audit trail",
        "every read and change of personal data audited in the change's own transaction; "
        "append-only, each row chained to the one before, checked daily by "
        "`paramount audit verify`",
    ),
    (
        "Files",
        "files holding personal data (the linkage cache, subject access exports) readable by "
        "the service account only; exports neutralise spreadsheet formulas",
    ),
    (
        "Minimisation",
        "field-level minimisation per role (mentors see first names only; police never see "
        "session notes); the referral carries only what the partner needs",
    ),
    (
        "Retention",
        "a daily job deletes or anonymises what is past its period and records each decision",
    ),
    (
        "Restriction and erasure",
        "restricted and erased people are kept out of search, matching, pages and exports",
    ),
    (
        "No personal data in logs",
        "logs and error pages carry ids and counts only",
    ),
    (
        "Backups",
        "PostgreSQL point-in-time recovery, a restore drill that checks row counts, keys backed "
        "up apart from the data (docs/operations.md)",
    ),
    (
        "Secure development",
        "dependency audit and static security analysis gate every change; no SQL built from "
        "strings; input validated at the edge",
    ),
)


def entry(label: str) -> ModelEntry:
    """The registry entry for ``app_label.ModelName``; KeyError names the missing model."""
    try:
        return REGISTRY[label]
    except KeyError:
        raise KeyError(f"{label} is not in paramount/privacy/registry.py: classify it") from None


def personal_models() -> tuple[str, ...]:
    """Labels of every model holding personal data of any kind."""
    return tuple(label for label, e in REGISTRY.items() if e.holds_personal_data)


def retention_categories() -> set[str]:
    """Every retention category the registry names."""
    return {
        category
        for e in REGISTRY.values()
        for category in (e.retention, *e.field_retention.values())
    }
