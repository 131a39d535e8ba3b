"""Restriction (SECURITY 18): a restricted person's data is kept but is in no list, page,
search, export or matching run until the restriction is lifted. Every name here is made up."""

import pytest
from django.core.management import call_command
from django.http import Http404

from paramount.access.models import AuditEvent
from paramount.families.selectors import access_family, family_list, family_queryset
from paramount.feeds.models import PersonRecord
from paramount.identification.export import identifications_export
from paramount.identification.models import Identification
from paramount.identification.selectors import (
    access_identification,
    identification_list,
    identification_worklist,
)
from paramount.privacy.models import PersonRestriction
from paramount.privacy.services import (
    PrivacyError,
    person_restrict,
    person_restriction_lift,
)

pytestmark = pytest.mark.django_db


def test_a_restricted_child_is_in_no_list_or_page_and_is_back_when_lifted(identifications, analyst):
    restricted = identifications.build(child_first_name="Ottoline", child_last_name="Hushwell")
    other = identifications.build(child_first_name="Perpetua", child_last_name="Openshaw")
    assert set(identification_list(viewer=analyst)) == {restricted, other}

    person_restrict(
        person_key=restricted.child_key, reason="Art. 18 request R-1", acting_user=analyst
    )

    assert list(identification_list(viewer=analyst)) == [other]
    worklist = identification_worklist(viewer=analyst, status="ALL")
    assert list(worklist.page.object_list) == [other]
    with pytest.raises(Http404):
        access_identification(viewer=analyst, identification_id=restricted.identification_id)
    # The data is kept.
    assert Identification.objects.filter(pk=restricted.pk).exists()
    assert PersonRecord.objects.filter(person_key=restricted.child_key).count() == 2

    person_restriction_lift(
        person_key=restricted.child_key, reason="contested, resolved", acting_user=analyst
    )
    assert set(identification_list(viewer=analyst)) == {restricted, other}
    assert access_identification(viewer=analyst, identification_id=restricted.identification_id)


def test_a_restricted_prisoner_withholds_their_children_and_family(cases, analyst):
    family = cases.at("AWAITING_SCREENING")
    other = cases.at("AWAITING_SCREENING")
    adult_key = Identification.objects.get(
        family_member__family=family
    ).reception_match.adult_person_key

    person_restrict(person_key=adult_key, reason="Art. 18 request R-2", acting_user=analyst)

    assert list(family_queryset(viewer=analyst)) == [other]
    assert [row.family.pk for row in family_list(viewer=analyst)] == [other.pk]
    with pytest.raises(Http404):
        access_family(viewer=analyst, family_id=family.pk)
    assert not identification_list(viewer=analyst).filter(family_member__family=family).exists()


def test_a_restricted_person_is_not_exported(identifications, analyst, tmp_path):
    restricted = identifications.build(child_first_name="Ottoline", child_last_name="Hushwell")
    identifications.build(child_first_name="Perpetua", child_last_name="Openshaw")
    person_restrict(
        person_key=restricted.child_key, reason="Art. 18 request R-3", acting_user=analyst
    )

    out = tmp_path / "identifications.csv"
    call_command("export", "identifications", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert "Perpetua" in text
    assert "Ottoline" not in text and restricted.identification_id not in text
    assert identifications_export(identifications=Identification.objects.all(), out=out) == 1


def test_the_restriction_holds_when_a_new_resolution_gives_new_keys(identifications, analyst):
    restricted = identifications.build(child_first_name="Ottoline", child_last_name="Hushwell")
    person_restrict(
        person_key=restricted.child_key, reason="Art. 18 request R-4", acting_user=analyst
    )
    PersonRecord.objects.filter(person_key=restricted.child_key).update(person_key="P-NEW-KEY")
    Identification.objects.filter(pk=restricted.pk).update(child_key="P-NEW-KEY")
    assert not identification_list(viewer=analyst).filter(pk=restricted.pk).exists()


def test_restricting_is_audited_and_needs_a_reason(identifications, analyst):
    child = identifications.build()
    with pytest.raises(PrivacyError, match="reason"):
        person_restrict(person_key=child.child_key, reason=" ", acting_user=analyst)
    restriction = person_restrict(person_key=child.child_key, reason="R-5", acting_user=analyst)
    assert restriction.records == sorted(
        f"{r.source}:{r.record_id}" for r in PersonRecord.objects.filter(person_key=child.child_key)
    )
    event = AuditEvent.objects.get(action="privacy.person_restricted")
    assert event.subject_id == str(restriction.pk)
    assert child.child_key not in str(event.after)
    with pytest.raises(PrivacyError, match="already restricted"):
        person_restrict(person_key=child.child_key, reason="again", acting_user=analyst)
    with pytest.raises(PrivacyError, match="not restricted"):
        person_restriction_lift(person_key="P-NOBODY", reason="R-6", acting_user=analyst)


def test_the_commands_restrict_and_lift(identifications, capsys):
    child = identifications.build()
    call_command("privacy", "restrict", "--person-key", child.child_key, "--reason", "R-7")
    assert "2 records withheld" in capsys.readouterr().out
    assert PersonRestriction.objects.filter(lifted_at=None).count() == 1
    call_command("privacy", "lift-restriction", "--person-key", child.child_key, "--reason", "R-8")
    assert PersonRestriction.objects.filter(lifted_at=None).count() == 0


def test_a_restricted_sibling_is_not_on_the_other_childs_page(identifications, analyst):
    from paramount.identification.selectors import identification_detail

    shown = identifications.build(child_first_name="Perpetua", child_last_name="Openshaw")
    restricted = identifications.build(
        child_first_name="Ottoline", child_last_name="Hushwell", movement=shown.movement
    )
    detail = identification_detail(viewer=analyst, identification_id=shown.identification_id)
    assert [s.identification for s in detail.siblings] == [restricted]
    person_restrict(person_key=restricted.child_key, reason="R-10", acting_user=analyst)
    detail = identification_detail(viewer=analyst, identification_id=shown.identification_id)
    assert detail.siblings == []


def _reception_with_child(builder):
    """A reception, the local adult it matches and their child, as the run finds them (records
    and a relationship, no identification yet)."""
    from datetime import date

    from django.utils import timezone

    from paramount.feeds.models import PrisonMovement, Relationship

    batch = builder.batch()
    movement = PrisonMovement.objects.create(
        **builder._provenance(500),
        movement_id="MOV-HELD",
        movement_type="RECEPTION",
        movement_date=timezone.localdate(),
        prison_number="A9999ZZ",
        first_name="Evander",
        last_name="Brackenridge",
        date_of_birth=date(1983, 3, 14),
        establishment_code="BZI",
        legal_status="REMAND",
        postcode="OX4 6ZZ",
    )
    builder.person(record_id="ZZ-A1", person_key="P-ADULT-HELD", first_name="Evander")
    builder.person(
        record_id="ZZ-C1",
        person_key="P-CHILD-HELD",
        first_name="Marigold",
        last_name="Brackenridge",
        date_of_birth=date(2017, 7, 7),
        postcode="OX4 6ZZ",
    )
    Relationship.objects.create(
        batch=batch,
        first_batch=batch,
        row_number=501,
        content_hash="h" * 40,
        source="OXON_CSC",
        adult_record_id="ZZ-A1",
        child_record_id="ZZ-C1",
        relationship="FATHER",
        parental_responsibility="Y",
        lives_with_child="Y",
    )
    return movement


def _run_as_the_identification_run_would(builder):
    """What identification_run does after the linkage engine: store the day's matches."""
    from paramount import config
    from paramount.identification.services import _store
    from paramount.linkage.engine.link import PersonMatch
    from paramount.linkage.selectors import unprocessed_receptions

    receptions = list(unprocessed_receptions())
    run = builder.run()
    matches = [
        PersonMatch(
            m.movement_id, "P-ADULT-HELD", 0.999, "OXON_CSC:ZZ-A1", ("OXON_CSC:ZZ-A1",), (), None
        )
        for m in receptions
    ]
    _store(run, run.model, receptions, matches, config.current().identification, None)
    return receptions


def test_lifting_a_restriction_identifies_the_child_a_reception_held_back(identifications):
    movement = _reception_with_child(identifications)
    restriction = person_restrict(person_key="P-CHILD-HELD", reason="R-11", acting_user=None)

    assert _run_as_the_identification_run_would(identifications) == [movement]
    assert not Identification.objects.filter(child_key="P-CHILD-HELD").exists()
    # Processed: a later run would not look at the reception again by itself.
    assert _run_as_the_identification_run_would(identifications) == []

    person_restriction_lift(person_key="P-CHILD-HELD", reason="resolved", acting_user=None)

    event = AuditEvent.objects.get(
        action="privacy.person_restriction_lifted", subject_id=str(restriction.pk)
    )
    assert event.after == {"receptions_requeued": 1}
    assert _run_as_the_identification_run_would(identifications) == [movement]
    found = Identification.objects.get(child_key="P-CHILD-HELD")
    assert (found.movement_id, found.child_first_name) == (movement.pk, "Marigold")
