"""SECURITY 19: the subject access export is complete for a person, and its due date is right;
issue 15 finding 9: it finds the person by name and date of birth as well as by key, reaches what
the matcher never linked and what outlived the links, and marks third parties' data for the
reviewer. Every name and number here is made up."""

import ast
import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.utils import timezone

import paramount
from paramount.access.models import AuditEvent
from paramount.feeds.models import (
    IngestWarning,
    PersonRecord,
    PrisonMovement,
    QuarantinedRow,
    RecordHistory,
    Relationship,
)
from paramount.identification.models import Identification
from paramount.outreach.models import Disclosure
from paramount.privacy import registry
from paramount.privacy.models import SubjectAccessRequest
from paramount.privacy.registry import PERSONAL, ModelEntry, personal_models
from paramount.privacy.selectors import AUDIT_LISTINGS, PersonData
from paramount.privacy.services import subject_access_due_on, subject_access_export
from paramount.privacy.subject_access import WHOSE, name_agreement

RATIONALE = "Nothing in the data against contact."


@pytest.fixture
def referred(cases):
    """A referred family, with the child's relationship, history, a warning and a quarantined row."""
    family = cases.at("REFERRED")
    identification = Identification.objects.get(family_member__family=family)
    child_key = identification.child_key
    adult_key = identification.reception_match.adult_person_key
    child = PersonRecord.objects.filter(person_key=child_key).order_by("pk").first()
    adult = PersonRecord.objects.filter(person_key=adult_key, source=child.source).get()
    relationship = Relationship.objects.create(
        batch=child.batch,
        first_batch=child.batch,
        row_number=90,
        content_hash="r" * 40,
        source=child.source,
        adult_record_id=adult.record_id,
        child_record_id=child.record_id,
        relationship="FATHER",
        parental_responsibility="Y",
        lives_with_child="N",
    )
    RecordHistory.objects.create(
        feed="people",
        record_key=f"{child.source}|{child.record_id}",
        content={"first_name": "Adah", "postcode": "OX4 9ZZ"},
        content_batch=child.batch,
        replaced_by_batch=child.batch,
        replaced_at=timezone.now(),
    )
    IngestWarning.objects.create(
        batch=child.batch, row_number=child.row_number, column="phone", message="not a number"
    )
    QuarantinedRow.objects.create(
        batch=child.batch,
        row_number=999,
        reason="date_of_birth is not a real date",
        raw={"source": child.source, "record_id": child.record_id, "date_of_birth": "2019-02-30"},
    )
    Disclosure.objects.create(
        family=family,
        recipient_kind="SCHOOL",
        recipient_organisation="Imaginary Primary School",
        what="That the child's father is in custody",
        why="So the school can support the child",
        lawful_basis="PUBLIC_TASK",
        disclosed_by=cases.officer,
        disclosed_at=timezone.now(),
    )
    return {
        "family": family,
        "identification": identification,
        "child_key": child_key,
        "adult_key": adult_key,
        "relationship": relationship,
        "analyst": cases.analyst,
    }


def _ids(document, label):
    return [row["id"] for row in document["sections"][label]["rows"]]


def _fields(document, label):
    return [row["fields"] for row in document["sections"][label]["rows"]]


@pytest.mark.django_db
def test_every_model_the_registry_marks_personal_has_a_section_in_the_export(referred):
    document = subject_access_export(
        person_key=referred["child_key"], acting_user=referred["analyst"]
    ).document
    assert set(document["sections"]) == set(personal_models())
    assert "feeds.PersonRecord" in document["sections"]
    assert "linkage.LinkageModel" not in document["sections"]


@pytest.mark.django_db
def test_a_new_personal_data_model_without_a_gatherer_stops_the_export(referred, monkeypatch):
    monkeypatch.setitem(
        registry.REGISTRY,
        "outreach.SessionNote",
        ModelEntry(
            purpose="Session notes",
            data_subjects=("children",),
            lawful_basis="public task",
            recipients=(),
            retention="case_records",
            fields={"id": registry.NONE, "text": PERSONAL},
        ),
    )
    with pytest.raises(ImproperlyConfigured, match="no gatherer .* for outreach.SessionNote"):
        subject_access_export(person_key=referred["child_key"], acting_user=referred["analyst"])
    assert not SubjectAccessRequest.objects.exists()
    assert not AuditEvent.objects.filter(action="privacy.subject_access_exported").exists()


@pytest.mark.django_db
def test_the_childs_export_has_their_records_history_relationships_and_the_family_case(referred):
    document = subject_access_export(
        person_key=referred["child_key"], acting_user=referred["analyst"]
    ).document
    family = referred["family"]
    sections = document["sections"]

    people = _fields(document, "feeds.PersonRecord")
    assert len(people) == 2 and {p["person_key"] for p in people} == {referred["child_key"]}
    assert _ids(document, "feeds.Relationship") == [referred["relationship"].pk]
    assert _fields(document, "feeds.RecordHistory")[0]["content"]["first_name"] == "Adah"
    assert len(sections["feeds.IngestWarning"]["rows"]) == 1
    assert len(sections["feeds.QuarantinedRow"]["rows"]) == 1
    assert _ids(document, "identification.Identification") == [referred["identification"].pk]
    assert _ids(document, "families.Family") == [family.pk]
    assert len(sections["families.FamilyMember"]["rows"]) == 1
    for label in (
        "screening.ScreeningFlag",
        "outreach.ContactAttempt",
        "outreach.Consent",
        "outreach.Referral",
        "outreach.Disclosure",
    ):
        assert sections[label]["rows"], label
    decisions = _fields(document, "screening.ScreeningDecision")
    assert decisions[0]["rationale"] == RATIONALE  # decrypted for the person, not ciphertext
    assert _fields(document, "outreach.Consent")[0]["given_by_name"] == "Casey Quillfeather"
    assert sections["outreach.SelfReferralAttempt"]["exempt"]
    assert sections["access.AuditEvent"]["rows"]  # who read and changed the case
    assert sections["feeds.PersonRecord"]["classification"] == "special_category"
    assert sections["feeds.PersonRecord"]["retention"] == "source_records"
    # Someone else's data stays out: the prisoner's own movement belongs to the adult's export.
    assert sections["feeds.PrisonMovement"]["rows"] == []


@pytest.mark.django_db
def test_the_matched_adults_export_has_their_prison_movement_match_and_the_identifications(
    referred,
):
    document = subject_access_export(
        person_key=referred["adult_key"], acting_user=referred["analyst"]
    ).document
    sections = document["sections"]
    movement_id = referred["identification"].movement_id
    assert _ids(document, "feeds.PrisonMovement") == [movement_id]
    assert _fields(document, "feeds.PrisonMovement")[0]["prison_number"]
    assert _ids(document, "identification.ReceptionMatch") == [
        referred["identification"].reception_match_id
    ]
    assert _ids(document, "identification.Identification") == [referred["identification"].pk]
    assert _ids(document, "families.Family") == [referred["family"].pk]
    assert len(sections["feeds.PersonRecord"]["rows"]) == 2
    assert _ids(document, "feeds.Relationship") == [referred["relationship"].pk]


@pytest.mark.django_db
def test_the_export_is_recorded_and_audited_in_its_transaction_without_personal_data(referred):
    export = subject_access_export(
        person_key=referred["child_key"],
        acting_user=referred["analyst"],
        received_on=date(2026, 1, 31),
    )
    request = SubjectAccessRequest.objects.get()
    assert request == export.request
    assert request.due_on == date(2026, 3, 2) and request.exported_by == referred["analyst"]
    event = AuditEvent.objects.get(action="privacy.subject_access_exported")
    assert event.actor == referred["analyst"] and event.subject_id == str(request.pk)
    assert event.subject_type == "privacy.subjectaccessrequest"
    recorded = json.dumps([event.before, event.after])
    for value in (referred["child_key"], "Ada", "Quillfeather", "Casey", "OX4", RATIONALE):
        assert value not in recorded
    assert event.after["rows"]["feeds.PersonRecord"] == 2


@pytest.mark.django_db
def test_the_command_writes_the_export_as_json(referred, tmp_path, capsys):
    out = tmp_path / "sar" / "export.json"
    call_command(
        "privacy",
        "sar",
        "--person-key",
        referred["child_key"],
        "--out",
        str(out),
        "--received",
        "2026-11-25",
        "--by",
        referred["analyst"].username,
    )
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["person_key"] == referred["child_key"]
    assert document["due_on"] == "2026-12-29"
    assert set(document["sections"]) == set(personal_models())
    assert "due Tuesday 29 December 2026" in capsys.readouterr().out


# --- Issue 15 finding 9: what subject access used to miss -----------------------------------


def _actions(document) -> set[str]:
    return {row["fields"]["action"] for row in document["sections"]["access.AuditEvent"]["rows"]}


@pytest.mark.django_db
def test_the_pages_and_exports_that_showed_a_child_are_in_the_childs_export(
    identifications, analyst, client, tmp_path
):
    shown = identifications.build()
    other = identifications.build(child_first_name="Perpetua")
    client.force_login(analyst)
    # The identification's own page audits its ID-… reference, not its primary key.
    assert client.get(f"/identifications/{shown.identification_id}/").status_code == 200
    assert client.get("/identifications/").status_code == 200  # lists both children
    call_command("export", "identifications", "--out", str(tmp_path / "identifications.csv"))

    document = subject_access_export(person_key=shown.child_key, acting_user=analyst).document
    assert {"identification.viewed", "identification.listed", "identification.exported"} <= (
        _actions(document)
    )
    # The other child was listed and exported with them, but nobody opened their page.
    others = subject_access_export(person_key=other.child_key, acting_user=analyst).document
    assert {"identification.listed", "identification.exported"} <= _actions(others)
    assert "identification.viewed" not in _actions(others)
    listed = next(
        row
        for row in others["sections"]["access.AuditEvent"]["rows"]
        if row["fields"]["action"] == "identification.listed"
    )
    assert "after" in listed["review"]["third_party"]  # the list names the other child too


@pytest.mark.django_db
def test_the_lists_that_showed_the_family_to_police_and_partner_are_in_the_export(
    cases, support, client
):
    screening = cases.at("AWAITING_SCREENING")
    client.force_login(cases.analyst)
    assert client.get("/families/").status_code == 200
    child_key = Identification.objects.get(family_member__family=screening).child_key
    document = subject_access_export(person_key=child_key, acting_user=cases.analyst).document
    assert "family.list_viewed" in _actions(document)

    case = support.at("ALLOCATED")
    client.force_login(support.manager)
    assert client.get("/outreach/referrals/").status_code == 200
    client.force_login(support.practitioner)
    assert client.get("/support/cases/").status_code == 200
    child_key = Identification.objects.get(family_member__family=case.referral.family).child_key
    document = subject_access_export(person_key=child_key, acting_user=cases.analyst).document
    assert {"referral.list_viewed", "support.caseload_viewed"} <= _actions(document)
    # The first family's lists are not this family's.
    first = Identification.objects.get(family_member__family=screening).child_key
    assert "support.caseload_viewed" not in _actions(
        subject_access_export(person_key=first, acting_user=cases.analyst).document
    )


def _movement(template: PrisonMovement, movement_id: str, **values) -> PrisonMovement:
    """Another reception, under a prison number of its own unless given."""
    number = PrisonMovement.objects.count()
    return PrisonMovement.objects.create(
        batch=template.batch,
        first_batch=template.batch,
        row_number=500 + number,
        content_hash=movement_id.ljust(40, "0")[:40],
        movement_id=movement_id,
        movement_type="RECEPTION",
        movement_date=template.movement_date,
        establishment_code="BNI",
        **({"prison_number": f"Z{number:04d}ZZ"} | values),
    )


@pytest.mark.django_db
def test_prison_movements_the_matcher_did_not_link_are_found_by_name_and_date_of_birth(
    identifications, analyst
):
    identification = identifications.build()
    linked = identification.movement
    born = linked.date_of_birth  # Bram Quillfeather, 7 June 1985
    earlier = _movement(
        linked, "MOV-EARLIER", first_name="BRAM", last_name="QUILLFEATHER", date_of_birth=born
    )
    accented = _movement(
        linked, "MOV-ACCENT", first_name="Brám", last_name="Quill-Feather", date_of_birth=born
    )
    alias = _movement(
        linked,
        "MOV-ALIAS",
        first_name="Bramwell",
        last_name="Quill",
        aliases="BRAM QUILLFEATHER",
        date_of_birth=born,
    )
    # The prison's own number for the person, under a name nobody could match.
    renamed = _movement(
        linked,
        "MOV-RENAMED",
        first_name="Abraham",
        last_name="Featherquill",
        date_of_birth=date(1985, 7, 6),
        prison_number=linked.prison_number,
    )
    _movement(
        linked,
        "MOV-NAMESAKE",
        first_name="Bram",
        last_name="Quillfeather",
        date_of_birth=date(1985, 6, 8),
    )
    mine = {linked.pk, earlier.pk, accented.pk, alias.pk, renamed.pk}

    by_key = subject_access_export(
        person_key=identification.reception_match.adult_person_key, acting_user=analyst
    ).document
    assert set(_ids(by_key, "feeds.PrisonMovement")) == mine
    assert {row["whose"] for row in by_key["sections"]["feeds.PrisonMovement"]["rows"]} == {
        "requester"
    }
    found = {f["reference"]: f for f in by_key["found"]}
    assert found["MOV-EARLIER"]["to_confirm"]
    assert "not linked to anyone by matching" in found["MOV-EARLIER"]["why"]
    assert "alias BRAM QUILLFEATHER" in found["MOV-ALIAS"]["why"]
    assert "MOV-NAMESAKE" not in found
    assert "same prison number" in found["MOV-RENAMED"]["why"]
    assert not found["MOV-RENAMED"]["to_confirm"]
    assert len(by_key["review"]["to_confirm"]) == 3

    # The same by name and date of birth alone, written surname first and in any case.
    by_name = subject_access_export(
        name="quillfeather  BRAM", date_of_birth=born, acting_user=analyst
    ).document
    assert set(_ids(by_name, "feeds.PrisonMovement")) == mine
    assert "other way round" in next(
        f["why"] for f in by_name["found"] if f["model"] == "feeds.PersonRecord"
    )
    assert SubjectAccessRequest.objects.filter(
        name="quillfeather BRAM", date_of_birth=born
    ).exists()


@pytest.mark.django_db
def test_the_partners_copy_is_found_by_name_once_the_police_records_are_gone(support, analyst):
    case = support.at("SUPPORTED")
    identification = Identification.objects.get(family_member__family=case.referral.family)
    child_key, born = identification.child_key, identification.child_date_of_birth
    # What retention or erasure leaves on the police's side: the local records gone, the
    # identification anonymised. The partner organisation's records of the child remain.
    PersonRecord.objects.filter(person_key=child_key).delete()
    Identification.objects.filter(pk=identification.pk).update(
        child_key=f"anonymised:{identification.pk}",
        child_first_name="",
        child_last_name="",
        child_date_of_birth=None,
        child_postcode="",
    )
    with pytest.raises(ValueError, match="search by name and date of birth"):
        subject_access_export(person_key=child_key, acting_user=analyst)

    document = subject_access_export(
        name="ADA quillfeather", date_of_birth=born, acting_user=analyst
    ).document
    assert not document["nothing_held"]
    children = document["sections"]["support.SupportChild"]["rows"]
    assert [(c["whose"], c["fields"]["first_name"]) for c in children] == [("requester", "Ada")]
    assert _ids(document, "support.SupportCase") == [case.pk]
    assert _ids(document, "outreach.Referral") == [case.referral_id]
    assert document["sections"]["support.ChildAssessment"]["rows"]
    assert document["review"]["to_confirm"][0]["model"] == "support.SupportChild"


@pytest.mark.django_db
def test_a_person_key_nobody_has_is_refused_and_nothing_is_recorded_or_written(referred, tmp_path):
    with pytest.raises(ValueError, match="No records hold person key 'P-NOBODY'"):
        subject_access_export(person_key="P-NOBODY", acting_user=referred["analyst"])
    out = tmp_path / "export.json"
    with pytest.raises(CommandError, match="No records hold person key"):
        call_command("privacy", "sar", "--person-key", "P-NOBODY", "--out", str(out))
    assert not out.exists()
    assert not SubjectAccessRequest.objects.exists()
    assert not AuditEvent.objects.filter(action="privacy.subject_access_exported").exists()
    with pytest.raises(ValueError, match="person's key"):
        subject_access_export(person_key=" ", acting_user=referred["analyst"])
    with pytest.raises(ValueError, match="both the name and the date of birth"):
        subject_access_export(name="Ada Quillfeather", acting_user=referred["analyst"])


@pytest.mark.django_db
def test_a_name_and_date_of_birth_that_find_nothing_are_answered_nothing_held(analyst):
    document = subject_access_export(
        name="Nobody Madeupname", date_of_birth=date(2001, 2, 3), acting_user=analyst
    ).document
    assert document["nothing_held"] and document["found"] == []
    assert len(document["sections"]["privacy.SubjectAccessRequest"]["rows"]) == 1


@pytest.mark.django_db
def test_third_parties_and_criminal_offence_data_are_marked_for_the_reviewer(cases):
    family = cases.at(
        "REFERRED",
        pprc_flag="Y",
        consent={
            "given_by_name": "Gwendolyn Quillfeather",
            "relationship_to_child": "Grandmother",
            "contact_phone": "07700 900456",
        },
    )
    child_key = Identification.objects.get(family_member__family=family).child_key
    document = subject_access_export(person_key=child_key, acting_user=cases.analyst).document
    sections, review = document["sections"], document["review"]

    # The father's offence flag is his data, and criminal-offence data.
    flags = {row["fields"]["code"]: row for row in sections["screening.ScreeningFlag"]["rows"]}
    pprc = flags["PPRC"]
    assert pprc["whose"] == "third party"
    assert pprc["review"]["third_party"]["detail"] == "the parent received into prison"
    assert {"code", "detail"} <= set(pprc["review"]["criminal_offence"])
    # The child's own social care flag is theirs, but names their social worker.
    own_flag = flags["CHILD_IN_NEED"]
    assert (
        own_flag["whose"] == "requester"
        and "social worker" in (own_flag["review"]["third_party"]["detail"])
    )
    # The grandmother's phone is hers.
    consent = sections["outreach.Consent"]["rows"][0]
    assert consent["fields"]["contact_phone"] == "07700 900456"
    assert consent["review"]["third_party"]["contact_phone"] == "the adult who gave consent"
    # The child's own record: theirs, special category, naming their social worker (staff).
    record = next(r for r in sections["feeds.PersonRecord"]["rows"] if r["fields"]["csc_status"])
    assert record["whose"] == "requester"
    assert "csc_status" in record["review"]["special_category"]
    assert record["review"]["third_party"]["allocated_worker"] == "the allocated social worker"
    assert (
        sections["screening.ScreeningDecision"]["rows"][0]["review"]["third_party"]["decided_by"]
        == "a member of staff"
    )
    # The summary at the top says what needs review.
    assert review["third_party_data"]["screening.ScreeningFlag"] >= 1
    assert review["third_party_data"]["outreach.Consent"] == 1
    assert review["criminal_offence_data"]["screening.ScreeningFlag"] >= 1
    assert review["special_category_data"]["feeds.PersonRecord"] >= 1
    assert any("Sch. 2" in step for step in review["before_sending"])

    # The grandmother's own request finds the consent she gave, by name, for confirmation.
    hers = subject_access_export(
        name="Gwendolyn Quillfeather", date_of_birth=date(1950, 3, 4), acting_user=cases.analyst
    ).document
    consent = hers["sections"]["outreach.Consent"]["rows"][0]
    assert consent["whose"] == "requester" and not consent["review"]["third_party"].get(
        "contact_phone"
    )
    assert [f["model"] for f in hers["review"]["to_confirm"]] == ["outreach.Consent"]


@pytest.mark.django_db
def test_the_export_file_is_readable_by_the_service_account_only(referred, tmp_path):
    out = tmp_path / "export.json"
    out.write_text("an older export", encoding="utf-8")
    out.chmod(0o644)
    new = tmp_path / "new" / "export.json"
    umask = os.umask(0o022)
    try:
        for path in (out, new):
            call_command(
                "privacy", "sar", "--person-key", referred["child_key"], "--out", str(path)
            )
    finally:
        os.umask(umask)
    for path in (out, new):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert json.loads(path.read_text(encoding="utf-8"))["person_key"] == referred["child_key"]


@pytest.mark.django_db
def test_the_command_finds_by_name_and_date_of_birth(referred, tmp_path, capsys):
    identification = referred["identification"]
    out = tmp_path / "export.json"
    call_command(
        "privacy",
        "sar",
        "--name",
        "Ada Quillfeather",
        "--born",
        identification.child_date_of_birth.isoformat(),
        "--out",
        str(out),
    )
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["person_key"] == "" and document["name"] == "Ada Quillfeather"
    assert referred["identification"].pk in [
        row["id"] for row in document["sections"]["identification.Identification"]["rows"]
    ]
    printed = capsys.readouterr().out
    assert "readable by this account only" in printed and "to confirm" in printed


def _audit_lists_in_the_code() -> set[tuple[str, str]]:
    """(action, key) of every ``audit.record`` call whose ``after`` holds a list."""
    found = set()
    for path in Path(paramount.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "record"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "audit"
            ):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            action, after = keywords.get("action"), keywords.get("after")
            actions = [action.body, action.orelse] if isinstance(action, ast.IfExp) else [action]
            if not isinstance(after, ast.Dict):
                continue
            for key, value in zip(after.keys, after.values, strict=True):
                if isinstance(value, ast.List | ast.ListComp) or (
                    isinstance(value, ast.Call)
                    and isinstance(value.func, ast.Name)
                    and value.func.id in ("list", "sorted")
                ):
                    for each in actions:
                        found.add((ast.literal_eval(each), ast.literal_eval(key)))
    return found


# Lists in audit events that do not name rows of a personal-data model, and why.
NOT_LISTS_OF_ROWS = {
    ("screening.flags_computed", "flags"): "flag codes and sources of the event's family",
    ("guidance.sheet_viewed", "sections"): "guidance sections and versions: no person",
    ("guidance.sheet_downloaded", "sections"): "guidance sections and versions: no person",
}


def test_every_list_of_rows_an_audit_event_records_is_followed_by_subject_access():
    followed = {(listing.action, listing.key) for listing in AUDIT_LISTINGS}
    missing = _audit_lists_in_the_code() - followed - set(NOT_LISTS_OF_ROWS)
    assert not missing, (
        "add these to AUDIT_LISTINGS in paramount/privacy/selectors.py (the model whose rows the "
        "list names), or to NOT_LISTS_OF_ROWS here with the reason: " + repr(sorted(missing))
    )
    assert ("referral.list_viewed", "referrals") in _audit_lists_in_the_code()


def test_every_personal_data_model_says_whose_its_rows_are():
    missing = set(personal_models()) - set(PersonData.EXEMPT) - set(WHOSE)
    assert not missing, "add a rule to WHOSE in paramount/privacy/subject_access.py: " + repr(
        sorted(missing)
    )


@pytest.mark.parametrize(
    ("asked", "first", "last", "aliases", "agrees"),
    [
        ("Ada Quillfeather", "Ada", "Quillfeather", None, "name"),
        ("  ADA   quillfeather ", "Ada", "Quillfeather", None, "name"),
        ("Quillfeather Ada", "Ada", "Quillfeather", None, "the other way round"),
        ("Zoë O'Neill", "Zoe", "ONeill", None, "name"),
        ("Ada Mary Quillfeather", "Ada", "Quillfeather", None, "name"),
        ("Bill Smith-Jones", "William", "Smith Jones", None, "name"),
        ("Bram Quillfeather", "Bramwell", "Quill", "BRAM QUILL|BRAM QUILLFEATHER", "alias"),
        ("Ada Quillfeather", "Ada", "Quillfeathers", None, None),
        ("Adam Quillfeather", "Ada", "Quillfeather", None, None),
    ],
)
def test_names_agree_whatever_the_case_accents_spacing_and_order(
    asked, first, last, aliases, agrees
):
    from paramount.privacy.subject_access import _known_pairs

    how = name_agreement(asked, _known_pairs(first, last, aliases=aliases))
    assert (how is None) if agrees is None else (agrees in how)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # An ordinary month, due on a working day.
        (date(2026, 6, 10), date(2026, 7, 10)),
        # Received on a Sunday: the clock still starts that day.
        (date(2026, 3, 15), date(2026, 4, 15)),
        # 31 January has no 31 February: the last day of February, here a Wednesday.
        (date(2029, 1, 31), date(2029, 2, 28)),
        # ... or 29 February in a leap year.
        (date(2028, 1, 31), date(2028, 2, 29)),
        # ... and when 28 February 2026 is a Saturday, the next working day.
        (date(2026, 1, 31), date(2026, 3, 2)),
        # 31 August: 30 September.
        (date(2026, 8, 31), date(2026, 9, 30)),
        # Falls on a weekend: Saturday 30 May 2026 moves to Monday 1 June.
        (date(2026, 4, 30), date(2026, 6, 1)),
        # Christmas Day, then the weekend, then the substitute Boxing Day bank holiday.
        (date(2026, 11, 25), date(2026, 12, 29)),
        # Good Friday 2027, the Easter weekend and Easter Monday.
        (date(2027, 2, 26), date(2027, 3, 30)),
        # Into the next year, onto New Year's Day (a Friday): the Monday after.
        (date(2026, 12, 1), date(2027, 1, 4)),
    ],
)
def test_subject_access_is_due_one_calendar_month_on_then_the_next_working_day(received, due):
    assert subject_access_due_on(received) == due
