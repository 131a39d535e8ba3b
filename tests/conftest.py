"""Shared fixtures: users per role, and identifications built through the ORM.

Every name, date and number here is made up.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from paramount.access.models import Membership, Role
from paramount.feeds.models import Batch, BatchStatus, PersonRecord, PrisonMovement
from paramount.identification.models import (
    Identification,
    IdentificationRun,
    MatchBand,
    ReceptionMatch,
    ReviewState,
)
from paramount.linkage.models import LinkageModel

PASSWORD = "correct-horse-battery-staple-42"
# Every test user's authenticator key (RFC 6238's published test key): tests compute codes
# from it, as the person's phone would.
TOTP_KEY = "3132333435363738393031323334353637383930"


@pytest.fixture(autouse=True, scope="session")
def _paramount_home_of_its_own(tmp_path_factory):
    """Each test process (one per pytest-xdist worker) keeps its linkage cache and key file in a
    folder of its own, so parallel workers never share or delete each other's files."""
    from django.conf import settings

    settings.PARAMOUNT_HOME = tmp_path_factory.mktemp("paramount-home")


@pytest.fixture(autouse=True, scope="session")
def _audit_triggers_set_aside_for_the_test_flush():
    """Between transactional tests Django empties every table; on SQLite it does so with DELETE,
    which the audit trail's append-only triggers refuse (PostgreSQL truncates, which row
    triggers do not see). The flush sets the triggers aside and puts them back, as the
    database's owner could."""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    from django.db.backends.sqlite3.base import DatabaseOperations

    flush = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(operations, sql_list):
        with operations.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'trigger' AND tbl_name = 'access_auditevent'"
            )
            triggers = cursor.fetchall()
            for name, _ in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            flush(operations, sql_list)
        finally:
            with operations.connection.cursor() as cursor:
                for _, sql in triggers:
                    cursor.execute(sql)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "execute_sql_flush", execute_sql_flush)
        yield


@pytest.fixture(autouse=True)
def _audit_checkpoints_start_empty():
    """Each test starts with an empty audit trail, so it starts with no checkpoints either: a
    checkpoint written in an earlier test names rows that test rolled back or flushed."""
    from paramount.access.audit_checkpoints import checkpoint_path

    checkpoint_path().unlink(missing_ok=True)


def totp_code(user) -> str:
    """The code the user's authenticator app shows now (replay protection reset, as if a new
    30-second window had begun)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


_CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*"')


class PageClient(Client):
    """The test client, but each page comes back with its CSRF tokens' random values replaced
    by a fixed placeholder. A test that checks a name is *not* on a page ("Ada" not in html)
    must not fail because a random 64-character token happened to spell it (seen in CI). The
    client does not enforce CSRF, so posts are unaffected; the browser tests post real tokens."""

    def request(self, **request):
        response = super().request(**request)
        if not response.streaming and response.get("Content-Type", "").startswith("text/html"):
            response.content = _CSRF_VALUE.sub(rb'\1CSRF-TOKEN"', response.content)
        return response


class VerifiedClient(PageClient):
    """The test client, whose ``force_login`` also passes the second factor, as a person who
    typed their code would have. Tests of the second factor itself sign in through the pages."""

    def force_login(self, user, backend=None):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client():
    return VerifiedClient()


@pytest.fixture
def unverified_client():
    """A plain test client: ``force_login`` passes the password step only."""
    return PageClient()


ORGANISATIONS = {
    Role.VRU_ANALYST: "Thames Valley Police VRU",
    Role.OUTREACH_OFFICER: "Thames Valley Police VRU",
    Role.CHARITY_PRACTITIONER: "Children Heard and Seen",
    Role.CHARITY_MANAGER: "Children Heard and Seen",
    Role.VOLUNTEER_MENTOR: "Children Heard and Seen",
    Role.ADMIN: "Paramount administration",
}


@pytest.fixture
def password():
    """The password every user made by ``make_user`` signs in with."""
    return PASSWORD


@pytest.fixture
def make_user(db):
    """Make a user with a membership: ``make_user(Role.VRU_ANALYST, areas=["Oxford"])``.

    ``role=None`` makes a signed-up user who has no role yet.
    """
    counter = itertools.count(1)

    def make(
        role: Role | None, *, username: str | None = None, areas=("Oxford",), organisation=None
    ):
        username = username or f"{(role or 'norole').lower()}{next(counter)}"
        user = get_user_model().objects.create_user(
            username=username, password=PASSWORD, first_name="Test", last_name=username.title()
        )
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.create(user=user, name="Authenticator app", key=TOTP_KEY, confirmed=True)
        if role is not None:
            Membership.objects.create(
                user=user,
                role=role,
                organisation=organisation or ORGANISATIONS[role],
                areas=list(areas),
            )
        return user

    return make


@pytest.fixture
def analyst(make_user):
    return make_user(Role.VRU_ANALYST, username="analyst", areas=["Oxford", "Oxfordshire"])


@pytest.fixture
def birmingham_analyst(make_user):
    return make_user(Role.VRU_ANALYST, username="brum_analyst", areas=["Birmingham"])


@pytest.fixture
def outreach(make_user):
    return make_user(Role.OUTREACH_OFFICER, username="outreach")


@pytest.fixture
def practitioner(make_user):
    return make_user(Role.CHARITY_PRACTITIONER, username="practitioner")


@pytest.fixture
def manager(make_user):
    return make_user(Role.CHARITY_MANAGER, username="manager")


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.ADMIN, username="administrator")


@pytest.fixture
def signed_in(client):
    """``signed_in(user)`` returns the test client with that user signed in."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


class IdentificationBuilder:
    """Builds the chain behind an identification: batch, reception, the local adult's and the
    child's records, a linkage model, a run, the reception match and the identification."""

    def __init__(self):
        self._numbers = itertools.count(1)
        self._batch = None
        self._run = None

    def batch(self, feed="prison_movements") -> Batch:
        if self._batch is None:
            now = timezone.now()
            self._batch = Batch.objects.create(
                feed=feed,
                file_name="synthetic.csv",
                file_sha256="0" * 64,
                received_at=now,
                finished_at=now,
                status=BatchStatus.INGESTED,
            )
        return self._batch

    def run(self) -> IdentificationRun:
        if self._run is None:
            model = LinkageModel.objects.create(
                created_at=timezone.now(),
                splink_version="test",
                settings={},
                population_fingerprint="test",
            )
            self._run = IdentificationRun.objects.create(
                started_at=timezone.now(), finished_at=timezone.now(), model=model
            )
        return self._run

    def _provenance(self, number: int) -> dict:
        batch = self.batch()
        return {
            "batch": batch,
            "first_batch": batch,
            "row_number": number + 1,
            "content_hash": f"{number:040d}",
        }

    def person(
        self, *, source="OXON_CSC", record_id=None, person_key=None, **values
    ) -> PersonRecord:
        number = next(self._numbers)
        fields = {
            "first_name": "Robin",
            "last_name": "Testperson",
            "date_of_birth": date(1990, 1, 1),
            "postcode": "OX4 1AA",
        } | values
        return PersonRecord.objects.create(
            **self._provenance(number),
            source=source,
            record_id=record_id or f"R{number:05d}",
            person_key=person_key,
            **fields,
        )

    def build(
        self,
        *,
        area: str = "Oxford",
        band: str = MatchBand.CONFIRMED,
        probability: float | None = None,
        reception_date: date | None = None,
        prisoner_first_name: str = "Bram",
        prisoner_last_name: str = "Quillfeather",
        child_first_name: str = "Ada",
        child_last_name: str = "Quillfeather",
        child_postcode: str = "OX4 3TP",
        relationship: str = "FATHER",
        pprc_flag: str | None = None,
        movement: PrisonMovement | None = None,
    ) -> Identification:
        number = next(self._numbers)
        reception_date = reception_date or (timezone.localdate() - timedelta(days=1))
        if probability is None:
            probability = 0.9972 if band == MatchBand.CONFIRMED else 0.8731
        if movement is None:
            movement = PrisonMovement.objects.create(
                **self._provenance(number),
                movement_id=f"MOV{number:05d}",
                movement_type="RECEPTION",
                movement_date=reception_date,
                prison_number=f"A{number:04d}BC",
                pnc_id="2012/0394773H",
                first_name=prisoner_first_name,
                last_name=prisoner_last_name,
                aliases="BRAM QUILL|B QUILLFEATHER",
                date_of_birth=date(1985, 6, 7),
                sex="M",
                establishment_code="BNI",
                establishment_name="HMP Bullingdon",
                legal_status="REMAND",
                pprc_flag=pprc_flag,
                address_line_1="12 Imaginary Road",
                town="Oxford",
                postcode="OX4 3TP",
                declared_children="Y",
                identified_at=timezone.now(),
            )
        adult_key = f"P-ADULT-{number:05d}"
        adult_police = self.person(
            source="TVP_POLICE",
            person_key=adult_key,
            first_name=movement.first_name,
            last_name=movement.last_name,
            date_of_birth=movement.date_of_birth,
            postcode=movement.postcode,
        )
        adult_csc = self.person(
            source="OXON_CSC",
            person_key=adult_key,
            first_name=movement.first_name,
            last_name=movement.last_name,
            date_of_birth=movement.date_of_birth,
            postcode=movement.postcode,
        )
        child_key = f"P-CHILD-{number:05d}"
        child_born = reception_date - timedelta(days=365 * 7 + 30)
        child_csc = self.person(
            source="OXON_CSC",
            person_key=child_key,
            first_name=child_first_name,
            last_name=child_last_name,
            date_of_birth=child_born,
            postcode=child_postcode,
            csc_status="CIN",
            allocated_worker="Jo Madeup",
        )
        child_school = self.person(
            source="OXON_EDU",
            person_key=child_key,
            first_name=child_first_name,
            last_name=child_last_name,
            date_of_birth=child_born,
            postcode=child_postcode,
            school_urn="123456",
        )
        run = self.run()
        reception_match = ReceptionMatch.objects.create(
            movement=movement,
            adult_person_key=adult_key,
            match_probability=probability,
            match_band=band,
            evidence={
                "best_record": adult_police.reference,
                "records": [adult_police.reference, adult_csc.reference],
                "runner_up_probability": 0.0123,
                "fields": [
                    {
                        "field": "first_name",
                        "reception_value": movement.first_name,
                        "local_value": movement.first_name,
                        "agreement": "exact",
                        "match_weight": 6.41,
                    },
                    {
                        "field": "date_of_birth",
                        "reception_value": movement.date_of_birth.isoformat(),
                        "local_value": movement.date_of_birth.isoformat(),
                        "agreement": "exact",
                        "match_weight": 11.02,
                    },
                    {
                        "field": "postcode",
                        "reception_value": movement.postcode or "",
                        "local_value": "OX4 9ZZ",
                        "agreement": "different",
                        "match_weight": -2.5,
                    },
                    {
                        "field": "sex",
                        "reception_value": "M",
                        "local_value": "",
                        "agreement": "missing",
                        "match_weight": 0.0,
                    },
                ],
            },
            run=run,
            model=run.model,
            # As the identification run stores them: a sure match needs no review.
            review_state=ReviewState.NOT_NEEDED
            if band == MatchBand.CONFIRMED
            else ReviewState.PENDING,
        )
        return Identification.objects.create(
            identification_id=f"ID-TEST{number:05d}",
            movement=movement,
            reception_match=reception_match,
            child_key=child_key,
            child_source_records=f"{child_csc.reference}|{child_school.reference}",
            child_first_name=child_first_name,
            child_last_name=child_last_name,
            child_date_of_birth=child_born,
            child_age=7,
            child_postcode=child_postcode,
            area=area,
            relationship=relationship,
            lives_with_child="Y",
            parent_match_probability=probability,
            match_band=band,
            relationship_records=[
                {
                    "source": "OXON_CSC",
                    "adult_record_id": adult_csc.record_id,
                    "child_record_id": child_csc.record_id,
                    "relationship": relationship,
                    "parental_responsibility": "Y",
                    "lives_with_child": "Y",
                }
            ],
            created_at=timezone.now(),
            run=run,
        )


@pytest.fixture
def identifications(db):
    """An :class:`IdentificationBuilder`: ``identifications.build(area="Oxford", band="REVIEW")``."""
    return IdentificationBuilder()


class FamilyCaseBuilder:
    """Builds family cases through the real services: ``cases.at("CONSENTED", officer=officer)``.

    Each family is one identification (one child) of its own reception, in Oxford unless told.
    The analysts and officer are made on first use unless given.
    """

    def __init__(self, identifications: IdentificationBuilder, make_user):
        self.identifications = identifications
        self.make_user = make_user
        self._analyst = None
        self._second = None
        self._officer = None

    @property
    def analyst(self):
        if self._analyst is None:
            self._analyst = self.make_user(
                Role.VRU_ANALYST, username="case_analyst", areas=["Oxford", "Oxfordshire"]
            )
        return self._analyst

    @property
    def second_analyst(self):
        if self._second is None:
            self._second = self.make_user(
                Role.VRU_ANALYST, username="case_analyst2", areas=["Oxford", "Oxfordshire"]
            )
        return self._second

    @property
    def officer(self):
        if self._officer is None:
            self._officer = self.make_user(
                Role.OUTREACH_OFFICER, username="case_officer", areas=["Oxford", "Oxfordshire"]
            )
        return self._officer

    def family(self, *, area="Oxford", pprc_flag=None, **values):
        from paramount.families.models import Family
        from paramount.families.services import families_sync

        identification = self.identifications.build(area=area, pprc_flag=pprc_flag, **values)
        families_sync()
        return Family.objects.get(members__identification=identification)

    def consent(self, **overrides):
        from paramount.outreach.models import ConsentMethod
        from paramount.outreach.services import ConsentDetails

        values = {
            "given_by_name": "Casey Quillfeather",
            "relationship_to_child": "Mother",
            "has_parental_responsibility": True,
            "covers_referral": True,
            "covers_school": False,
            "covers_social_care": False,
            "method": ConsentMethod.VERBAL,
            "given_at": timezone.now(),
            "contact_phone": "07700 900123",
        } | overrides
        return ConsentDetails(**values)

    def _withdrawn(self, **values):
        """A family whose every child's match an analyst rejected: WITHDRAWN."""
        from paramount.families.services import families_sync
        from paramount.identification.services import reception_match_review

        family = self.family(**values)
        match = family.members.get().identification.reception_match
        # As a later run that grew unsure of the match leaves it: waiting for an analyst.
        ReceptionMatch.objects.filter(pk=match.pk).update(
            match_band=MatchBand.REVIEW, review_state=ReviewState.PENDING
        )
        match.refresh_from_db()
        reception_match_review(
            reception_match=match,
            decision="REJECTED_DIFFERENT_PERSON",
            reason="Different date of birth on the custody record.",
            expected_version=match.version,
            acting_user=self.analyst,
        )
        families_sync()
        family.refresh_from_db()
        return family

    def at(self, state: str, *, officer=None, area="Oxford", consent=None, **values):
        """A family brought to ``state`` the way people would bring it there."""
        from paramount.outreach import services as outreach
        from paramount.outreach.models import ContactMethod, ContactOutcome
        from paramount.screening import services as screening
        from paramount.screening.models import ScreeningOutcome

        officer = officer or self.officer
        if state == "WITHDRAWN":
            return self._withdrawn(area=area, **values)
        if state == "CLOSED":
            # Contacted, then left with no activity until the retention job's backstop closed it.
            from paramount.families.services import ClosedBecause, family_close

            family = self.at("CONTACT_ATTEMPTED", officer=officer, area=area, **values)
            family_close(family=family, because=ClosedBecause.NO_ACTIVITY)
            family.refresh_from_db()
            return family
        family = self.family(area=area, **values)
        if state == "AWAITING_SCREENING":
            return family
        if state in ("NOT_APPROPRIATE", "COORDINATE_WITH_CSC"):
            screening.screening_decide(
                family=family,
                outcome=ScreeningOutcome(state),
                rationale="Synthetic screening rationale.",
                reason_code="RISK_TO_CHILD" if state == "NOT_APPROPRIATE" else "",
                csc_disclosure=screening.CscDisclosure(
                    recipient_name="Duty social worker",
                    what="That the child's parent was received into prison.",
                    why="The child is open to children's social care.",
                    lawful_basis="SAFEGUARDING",
                )
                if state == "COORDINATE_WITH_CSC"
                else None,
                acting_user=self.analyst,
            )
            family.refresh_from_db()
            return family
        screening.screening_decide(
            family=family,
            outcome=ScreeningOutcome.APPROVE_CONTACT,
            rationale="Nothing in the data against contact.",
            acting_user=self.analyst,
        )
        if family.state == "AWAITING_SECOND_ANALYST":
            if state == "AWAITING_SECOND_ANALYST":
                return family
            screening.screening_countersign(
                family=family, outcome="AGREED", note="", acting_user=self.second_analyst
            )
        outreach.officer_assign(family=family, officer=officer, acting_user=self.analyst)
        if state == "APPROVED_FOR_CONTACT":
            return family
        outcome = {
            "CONTACT_ATTEMPTED": ContactOutcome.NO_CONTACT,
            "DECLINED": ContactOutcome.DECLINED,
            "UNREACHABLE": ContactOutcome.UNREACHABLE,
            "SELF_REFERRAL_DETAILS_LEFT": ContactOutcome.SELF_REFERRAL_DETAILS_LEFT,
            "CONSENTED": ContactOutcome.CONSENTED,
            "REFERRED": ContactOutcome.CONSENTED,
        }[state]
        outreach.contact_attempt_log(
            family=family,
            method=ContactMethod.PHONE,
            outcome=outcome,
            attempted_at=timezone.now(),
            consent=self.consent(**(consent or {}))
            if outcome == ContactOutcome.CONSENTED
            else None,
            acting_user=officer,
        )
        if state == "REFERRED":
            outreach.referral_make(family=family, acting_user=officer)
        family.refresh_from_db()
        return family


@pytest.fixture
def cases(identifications, make_user):
    """A :class:`FamilyCaseBuilder`."""
    return FamilyCaseBuilder(identifications, make_user)


class SupportCaseBuilder:
    """Brings a referred family into the partner organisation's case work, through the same
    services the pages use: ``support.at("SUPPORTED")``."""

    def __init__(self, cases: FamilyCaseBuilder, make_user):
        self.cases = cases
        self.make_user = make_user
        self._manager = None
        self._practitioner = None

    @property
    def manager(self):
        if self._manager is None:
            self._manager = self.make_user(Role.CHARITY_MANAGER, username="support_manager")
        return self._manager

    @property
    def practitioner(self):
        if self._practitioner is None:
            self._practitioner = self.make_user(
                Role.CHARITY_PRACTITIONER, username="support_practitioner"
            )
        return self._practitioner

    def referral(self, **values):
        return self.cases.at("REFERRED", **values).referral

    def at(self, state: str, *, practitioner=None, team="", **values):
        """A support case in ``state`` (WAITLISTED, ALLOCATED, ASSESSED, SUPPORTED or CLOSED)."""
        from datetime import timedelta

        from paramount.support.models import ClosureReason, ContactFrequency, Intervention
        from paramount.support.models import Knowledge as K
        from paramount.support.services import cases as support

        referral = self.referral(**values)
        if state == "WAITLISTED":
            return support.referral_accept(
                referral=referral,
                acting_user=self.manager,
                waitlist_reason="No practitioner free in the area until next month.",
            )
        if practitioner is None and not team:
            practitioner = self.practitioner
        case = support.referral_accept(
            referral=referral, acting_user=self.manager, practitioner=practitioner, team=team
        )
        if state == "ALLOCATED":
            return case
        today = timezone.localdate()
        for child in case.children.all():
            support.child_assessment_record(
                case=case,
                child=child,
                details=support.ChildAssessmentDetails(
                    assessed_on=today,
                    age_and_stage="Year 4 at primary school.",
                    knowledge=K.PARTLY,
                    visits=ContactFrequency.NONE,
                    calls=ContactFrequency.OCCASIONAL,
                    letters=ContactFrequency.REGULAR,
                    what_child_was_told="Told that dad is working away.",
                    risks="None known.",
                ),
                acting_user=self.manager,
            )
        support.family_needs_record(
            case=case, assessed_on=today, needs=[], detail="", acting_user=self.manager
        )
        case.refresh_from_db()
        if state == "ASSESSED":
            return case
        support.plan_agree(
            case=case,
            agreed_on=today,
            review_on=today + timedelta(days=84),
            items=[
                support.PlanItemDetails(
                    intervention=Intervention.ONE_TO_ONE,
                    goal="Understand what has happened and feel able to talk about it.",
                    child=case.children.first(),
                )
            ],
            acting_user=self.manager,
        )
        if state == "SUPPORTED":
            return case
        support.case_close(
            case=case,
            closed_on=today,
            reason=ClosureReason.GOALS_MET,
            note="",
            acting_user=self.manager,
        )
        case.refresh_from_db()
        return case


@pytest.fixture
def support(cases, make_user):
    """A :class:`SupportCaseBuilder`."""
    return SupportCaseBuilder(cases, make_user)


def browser_enter_code(page, username: str) -> None:
    """In a browser test, after the password: type the authenticator code, as the person would."""
    page.wait_for_url("**/sign-in/code/**")
    code = totp_code(get_user_model().objects.get(username=username))
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_role("button", name="Continue").click()
