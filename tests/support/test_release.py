"""Release planning from later prison movements, ingested the way production receives them: a
small ``prison_movements`` file in the contract's shape through ``feed_ingest``, then
``movements_sync`` (what ``paramount identify`` runs at its end). Every name is made up."""

from __future__ import annotations

import csv
import itertools
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from paramount import config
from paramount.access.models import AuditEvent, Role
from paramount.feeds.contract import FEEDS_BY_NAME
from paramount.feeds.services import feed_ingest
from paramount.support.models import AlertKind, MovementAlert, SupportTask, TaskKind
from paramount.support.services import release

pytestmark = pytest.mark.django_db

# Every column of the contract, in its order.
COLUMNS = [column.name for column in FEEDS_BY_NAME["prison_movements"].columns]
_files = itertools.count(1)


def today():
    return timezone.localdate()


def days(n):
    return today() + timedelta(days=n)


def ahead():
    return timedelta(days=config.current().support.pre_release_planning_days)


def row(case, movement_id, movement_type, movement_date, **values):
    """A movement of the case's parent, as HMPPS would send it."""
    reception = case.referral.family.movement
    base = {
        "movement_id": movement_id,
        "movement_type": movement_type,
        "movement_date": movement_date.isoformat(),
        "prison_number": reception.prison_number,
        "first_name": reception.first_name,
        "last_name": reception.last_name,
        "date_of_birth": reception.date_of_birth.isoformat(),
        "sex": "M",
        "establishment_code": "BNI",
        "establishment_name": "HMP Bullingdon",
    }
    if movement_type in ("RECEPTION", "RECALL"):
        base["legal_status"] = "SENTENCED" if movement_type == "RECEPTION" else "RECALL"
    for name, value in values.items():
        base[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return base


def ingest(tmp_path, *rows):
    path = tmp_path / f"prison_movements_{next(_files)}.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for values in rows:
            writer.writerow({column: values.get(column, "") for column in COLUMNS})
    batch = feed_ingest(feed="prison_movements", path=path)
    assert batch.quarantined == 0, list(batch.quarantined_rows.values_list("reason", flat=True))
    return path


def open_tasks(case):
    return list(
        SupportTask.objects.filter(case=case, done_at__isnull=True, superseded_at__isnull=True)
        .exclude(kind=TaskKind.FOLLOW_UP)
        .order_by("kind")
        .values_list("kind", "about_date", "due_on")
    )


def alert_kinds(case):
    return sorted(MovementAlert.objects.filter(case=case).values_list("kind", flat=True))


# --- the rules ----------------------------------------------------------------------------


def test_an_expected_release_date_makes_a_pre_release_planning_task_due_well_ahead(
    support, tmp_path
):
    case = support.at("SUPPORTED")
    assert not case.needs_safety_planning
    release_on = days(200)
    ingest(tmp_path, row(case, "T-1", "TRANSFER", today(), release_date=release_on))

    assert release.movements_sync() == 2
    assert alert_kinds(case) == [AlertKind.RELEASE_DATE, AlertKind.TRANSFER]
    # No safety flag on the referral: the pre-release task alone.
    assert open_tasks(case) == [(TaskKind.PRE_RELEASE_PLANNING, release_on, release_on - ahead())]
    assert AuditEvent.objects.filter(action="support.release_task_created").count() == 1
    assert AuditEvent.objects.filter(action="support.movement_alert").count() == 2


def test_a_pprc_flag_on_the_referral_adds_a_safety_planning_task(support, tmp_path):
    case = support.at("SUPPORTED", pprc_flag="Y")
    assert case.needs_safety_planning
    release_on = days(150)
    ingest(tmp_path, row(case, "T-1", "TRANSFER", today(), release_date=release_on))
    release.movements_sync()
    assert open_tasks(case) == [
        (TaskKind.PRE_RELEASE_PLANNING, release_on, release_on - ahead()),
        (TaskKind.SAFETY_PLANNING, release_on, release_on - ahead()),
    ]


def test_a_domestic_abuse_offence_on_a_later_movement_adds_safety_planning(support, tmp_path):
    case = support.at("SUPPORTED")
    release_on = days(150)
    ingest(
        tmp_path,
        row(
            case,
            "R-1",
            "RECALL",
            today(),
            release_date=release_on,
            offence_category="DOMESTIC_ABUSE",
        ),
    )
    release.movements_sync()
    case.refresh_from_db()
    assert case.needs_safety_planning
    assert [kind for kind, *_ in open_tasks(case)] == [
        TaskKind.PRE_RELEASE_PLANNING,
        TaskKind.SAFETY_PLANNING,
    ]
    assert AuditEvent.objects.filter(action="support.safety_planning_needed").count() == 1


def test_a_release_date_less_than_the_planning_period_away_is_due_today(support, tmp_path):
    case = support.at("ALLOCATED")
    ingest(tmp_path, row(case, "T-1", "TRANSFER", today(), release_date=days(10)))
    release.movements_sync()
    assert open_tasks(case) == [(TaskKind.PRE_RELEASE_PLANNING, days(10), today())]


def test_a_new_release_date_supersedes_the_tasks_made_for_the_old_one(support, tmp_path):
    case = support.at("SUPPORTED", pprc_flag="Y")
    first, second = days(300), days(120)
    ingest(tmp_path, row(case, "T-1", "TRANSFER", today(), release_date=first))
    release.movements_sync()
    old = list(SupportTask.objects.filter(case=case, about_date=first))
    assert len(old) == 2

    ingest(tmp_path, row(case, "T-2", "TRANSFER", today(), release_date=second))
    assert release.movements_sync() == 2  # the transfer and the changed date
    for task in old:
        task.refresh_from_db()
        assert task.superseded_at is not None
    assert open_tasks(case) == [
        (TaskKind.PRE_RELEASE_PLANNING, second, second - ahead()),
        (TaskKind.SAFETY_PLANNING, second, second - ahead()),
    ]
    assert AuditEvent.objects.filter(action="support.release_task_superseded").count() == 2
    assert release.expected_release(case)[1] == second


def test_a_transfer_with_the_same_date_alerts_the_transfer_only(support, tmp_path):
    case = support.at("SUPPORTED")
    release_on = days(100)
    ingest(tmp_path, row(case, "T-1", "TRANSFER", today(), release_date=release_on))
    release.movements_sync()
    ingest(tmp_path, row(case, "T-2", "TRANSFER", today(), release_date=release_on))
    assert release.movements_sync() == 1
    assert alert_kinds(case) == [AlertKind.RELEASE_DATE, AlertKind.TRANSFER, AlertKind.TRANSFER]
    assert len(open_tasks(case)) == 1


def test_a_release_ends_planning_and_a_recall_with_a_new_date_reopens_it(support, tmp_path):
    case = support.at("SUPPORTED")
    first = days(30)
    ingest(tmp_path, row(case, "T-1", "TRANSFER", today(), release_date=first))
    release.movements_sync()
    ingest(tmp_path, row(case, "X-1", "RELEASE", today()))
    release.movements_sync()
    assert AlertKind.RELEASE in alert_kinds(case)
    assert open_tasks(case) == []
    assert release.expected_release(case) is None
    assert SupportTask.objects.get(case=case, about_date=first).superseded_at is not None

    # Recalled without a date yet: alerted, but nothing to plan for.
    ingest(tmp_path, row(case, "R-1", "RECALL", today()))
    release.movements_sync()
    assert AlertKind.RECALL in alert_kinds(case)
    assert open_tasks(case) == []

    # The recall's release date arrives on a corrected row: planning starts again.
    again = days(250)
    ingest(tmp_path, row(case, "R-1", "RECALL", today(), release_date=again))
    release.movements_sync()
    assert open_tasks(case) == [(TaskKind.PRE_RELEASE_PLANNING, again, again - ahead())]


def test_a_new_reception_with_a_release_date_reopens_planning(support, tmp_path):
    case = support.at("SUPPORTED")
    ingest(tmp_path, row(case, "X-1", "RELEASE", today()))
    release.movements_sync()
    release_on = days(400)
    ingest(tmp_path, row(case, "N-1", "RECEPTION", today(), release_date=release_on))
    release.movements_sync()
    assert alert_kinds(case) == [AlertKind.RECEPTION, AlertKind.RELEASE, AlertKind.RELEASE_DATE]
    assert open_tasks(case) == [(TaskKind.PRE_RELEASE_PLANNING, release_on, release_on - ahead())]


def test_a_date_changed_and_changed_back_reopens_the_same_task(support, tmp_path):
    case = support.at("SUPPORTED")
    first, second = days(200), days(220)
    ingest(tmp_path, row(case, "T-1", "TRANSFER", today(), release_date=first))
    release.movements_sync()
    task = SupportTask.objects.get(case=case, about_date=first)
    ingest(tmp_path, row(case, "T-2", "TRANSFER", today(), release_date=second))
    release.movements_sync()
    ingest(tmp_path, row(case, "T-3", "TRANSFER", today(), release_date=first))
    release.movements_sync()
    task.refresh_from_db()
    assert task.superseded_at is None and task.movement.movement_id == "T-3"
    assert open_tasks(case) == [(TaskKind.PRE_RELEASE_PLANNING, first, first - ahead())]


def test_the_reception_re_sent_with_a_new_release_date_alerts_and_plans(support, tmp_path):
    case = support.at("SUPPORTED")
    reception = case.referral.family.movement
    release_on = days(180)
    # The same movement id with different content is an update of the reception row.
    ingest(
        tmp_path,
        row(
            case,
            reception.movement_id,
            "RECEPTION",
            reception.movement_date,
            legal_status="REMAND",
            release_date=release_on,
        ),
    )
    assert release.movements_sync() == 1
    assert alert_kinds(case) == [AlertKind.RELEASE_DATE]
    assert open_tasks(case) == [(TaskKind.PRE_RELEASE_PLANNING, release_on, release_on - ahead())]


def test_a_second_sync_and_a_resent_file_make_nothing_new(support, tmp_path):
    case = support.at("SUPPORTED", pprc_flag="Y")
    path = ingest(
        tmp_path,
        row(case, "T-1", "TRANSFER", today(), release_date=days(90)),
        row(case, "X-1", "RELEASE", days(1)),
        row(case, "R-1", "RECALL", days(2), release_date=days(300)),
    )
    first = release.movements_sync()
    assert first == 5  # transfer, its date, release, recall, the recall's date
    counts = (
        MovementAlert.objects.count(),
        SupportTask.objects.count(),
        AuditEvent.objects.count(),
    )
    assert release.movements_sync() == 0
    feed_ingest(feed="prison_movements", path=path)
    assert release.movements_sync() == 0
    assert (MovementAlert.objects.count(), SupportTask.objects.count()) == counts[:2]
    # Only the re-sent file's own ingest audit row is new.
    assert AuditEvent.objects.count() == counts[2] + 1


def test_closed_cases_get_no_alerts_or_tasks(support, tmp_path):
    case = support.at("CLOSED")
    ingest(tmp_path, row(case, "T-1", "TRANSFER", today(), release_date=days(100)))
    assert release.movements_sync() == 0
    assert not MovementAlert.objects.filter(case=case).exists()
    assert open_tasks(case) == []


def test_other_prisoners_and_earlier_movements_are_not_the_parents(support, tmp_path):
    case = support.at("SUPPORTED")
    reception = case.referral.family.movement
    ingest(
        tmp_path,
        row(case, "O-1", "TRANSFER", today(), prison_number="Z9999ZZ", release_date=days(50)),
        row(case, "E-1", "RELEASE", reception.movement_date - timedelta(days=30)),
    )
    assert release.movements_sync() == 0
    assert open_tasks(case) == []


def test_paramount_identify_runs_the_sync(support, tmp_path, monkeypatch):
    from paramount.identification.management.commands import identify

    case = support.at("SUPPORTED")
    ingest(tmp_path, row(case, "T-1", "TRANSFER", today(), release_date=days(100)))
    # A transfer identifies nobody; the matching itself is tested in tests/identification and
    # here would only need a trained model. What matters is that the command ends with the sync.
    monkeypatch.setattr(
        identify,
        "identification_run",
        lambda **_: SimpleNamespace(
            pk=1,
            receptions=0,
            matched_receptions=0,
            identifications=0,
            children_outside_areas=0,
            resolved_people=False,
            timings={},
        ),
    )
    out = StringIO()
    call_command("identify", quiet=True, stdout=out)
    assert "2 new prison movements of supported families' parents" in out.getvalue()
    assert alert_kinds(case) == [AlertKind.RELEASE_DATE, AlertKind.TRANSFER]
    assert len(open_tasks(case)) == 1


# --- the pages ----------------------------------------------------------------------------


@pytest.fixture
def planned(support, tmp_path):
    """A supported case with a release date, its task and two alerts."""
    case = support.at("SUPPORTED")
    ingest(tmp_path, row(case, "T-1", "TRANSFER", today(), release_date=days(70)))
    release.movements_sync()
    return case


def test_the_case_page_shows_release_tasks_and_alerts(planned, support, signed_in):
    SupportTask.objects.filter(case=planned).update(due_on=days(-3))
    page = signed_in(support.practitioner).get(reverse("support:case", args=[planned.pk]))
    html = page.content.decode()
    assert "Release and movements" in html
    assert days(70).strftime("%-d %B %Y") in html
    assert "Overdue" in html
    task = SupportTask.objects.get(case=planned, kind=TaskKind.PRE_RELEASE_PLANNING)
    assert reverse("support:task_done", args=[task.pk]) in html
    for alert in MovementAlert.objects.filter(case=planned):
        assert reverse("support:alert_acknowledge", args=[alert.pk]) in html
    # The charity sees movements, never what the parent was convicted of.
    assert "offence" not in html.split("Release and movements")[1].split("School liaison")[0]


def test_marking_a_task_done_records_what_was_done(planned, support, signed_in):
    task = SupportTask.objects.get(case=planned, kind=TaskKind.PRE_RELEASE_PLANNING)
    client = signed_in(support.practitioner)
    url = reverse("support:task_done", args=[task.pk])
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(action="support.case_viewed", after__page="task_done").exists()
    refused = client.post(url, {"note": ""})
    assert "Say what was done" in refused.content.decode()
    response = client.post(url, {"note": "Met the family and the prison's resettlement team."})
    assert response.status_code == 302
    assert response.url == reverse("support:case", args=[planned.pk])
    task.refresh_from_db()
    assert task.done_at is not None and task.done_by == support.practitioner
    assert task.done_note == "Met the family and the prison's resettlement team."
    assert AuditEvent.objects.filter(action="support.task_done", subject_id=str(task.pk)).exists()
    # Done is done: the page says so and offers no form.
    again = client.get(url).content.decode()
    assert "This task is done" in again and 'name="note"' not in again


def test_acknowledging_an_alert_moves_it_below(planned, support, signed_in):
    client = signed_in(support.practitioner)
    alert = MovementAlert.objects.get(case=planned, kind=AlertKind.TRANSFER)
    response = client.post(reverse("support:alert_acknowledge", args=[alert.pk]))
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == support.practitioner
    assert AuditEvent.objects.filter(action="support.alert_acknowledged").count() == 1
    html = client.get(reverse("support:case", args=[planned.pk])).content.decode()
    assert reverse("support:alert_acknowledge", args=[alert.pk]) not in html
    assert "Earlier movements (1)" in html
    # A second acknowledgement changes nothing.
    client.post(reverse("support:alert_acknowledge", args=[alert.pk]))
    assert AuditEvent.objects.filter(action="support.alert_acknowledged").count() == 1


def test_the_tasks_page_lists_the_viewers_work_overdue_first(
    support, make_user, signed_in, tmp_path
):
    mine = support.at("SUPPORTED")
    ingest(tmp_path, row(mine, "T-1", "TRANSFER", today(), release_date=days(100)))
    other_practitioner = make_user(Role.CHARITY_PRACTITIONER, username="other_practitioner")
    theirs = support.at("SUPPORTED", practitioner=other_practitioner)
    ingest(tmp_path, row(theirs, "T-2", "TRANSFER", today(), release_date=days(110)))
    release.movements_sync()
    overdue = SupportTask.objects.create(
        case=mine,
        kind=TaskKind.FOLLOW_UP,
        due_on=days(-5),
        about_date=days(-90),
        created_at=timezone.now(),
    )

    html = signed_in(support.practitioner).get(reverse("support:tasks")).content.decode()
    mine_task = SupportTask.objects.get(case=mine, kind=TaskKind.PRE_RELEASE_PLANNING)
    theirs_task = SupportTask.objects.get(case=theirs, kind=TaskKind.PRE_RELEASE_PLANNING)
    assert html.index(reverse("support:task_done", args=[overdue.pk])) < html.index(
        reverse("support:task_done", args=[mine_task.pk])
    )
    assert "1 overdue" in html
    assert reverse("support:task_done", args=[theirs_task.pk]) not in html
    for alert in MovementAlert.objects.filter(case=theirs):
        assert reverse("support:alert_acknowledge", args=[alert.pk]) not in html
    assert AuditEvent.objects.filter(
        action="support.tasks_viewed", actor=support.practitioner
    ).exists()

    # The manager sees the whole organisation's.
    html = signed_in(support.manager).get(reverse("support:tasks")).content.decode()
    assert reverse("support:task_done", args=[theirs_task.pk]) in html
    assert reverse("support:task_done", args=[mine_task.pk]) in html


def test_tasks_and_alerts_of_a_case_the_viewer_may_not_work_on_do_not_exist(
    planned, make_user, signed_in
):
    stranger = make_user(Role.CHARITY_PRACTITIONER, username="stranger")
    client = signed_in(stranger)
    task = SupportTask.objects.filter(case=planned).first()
    alert = MovementAlert.objects.filter(case=planned).first()
    assert client.get(reverse("support:task_done", args=[task.pk])).status_code == 404
    assert (
        client.post(reverse("support:task_done", args=[task.pk]), {"note": "Not mine"}).status_code
        == 404
    )
    assert client.post(reverse("support:alert_acknowledge", args=[alert.pk])).status_code == 404
    task.refresh_from_db()
    alert.refresh_from_db()
    assert task.done_at is None and alert.acknowledged_at is None
    assert (
        AuditEvent.objects.filter(
            action="support.access_denied", actor=stranger, subject_type="support.supporttask"
        ).count()
        == 2
    )
    assert AuditEvent.objects.filter(
        action="support.access_denied", actor=stranger, subject_type="support.movementalert"
    ).exists()
    assert "Plan for the parent" not in client.get(reverse("support:tasks")).content.decode()


@pytest.mark.parametrize("role", [Role.VOLUNTEER_MENTOR, Role.OUTREACH_OFFICER, Role.ADMIN])
def test_roles_without_case_work_have_no_tasks_page(planned, make_user, signed_in, role):
    client = signed_in(make_user(role))
    assert client.get(reverse("support:tasks")).status_code == 403
    task = SupportTask.objects.filter(case=planned).first()
    assert client.get(reverse("support:task_done", args=[task.pk])).status_code == 404
