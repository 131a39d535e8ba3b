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

# Lawful bases, spelled once.
PUBLIC_TASK = (
    "UK GDPR Art. 6(1)(e) public task (Children Act 2004 s.10 and s.11; Crime and Disorder Act "
    "1998 s.17); Art. 9(2)(g) substantial public interest, DPA 2018 Sch. 1 para 18 "
    "(safeguarding of children); Art. 10 with DPA 2018 Sch. 1 para 18"
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
        recipients=(POLICE, CHARITY),
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
        recipients=(POLICE, CHARITY),
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
        purpose="Locking out password guessing (a keyed hash of the username typed, and a time).",
        data_subjects=(STAFF,),
        lawful_basis=LEGITIMATE_INTERESTS,
        recipients=(),
        retention="rate_limit",
        fields={"id": NONE, "username_hash": PERSONAL, "at": NONE},
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
