"""The retention job (SECURITY 17): delete or anonymise what has passed its period.

Driven by the registry: each model's retention category gives the period (``[retention]`` of
the configuration), and ``RULES`` below says, per model, what happens when it runs out, from
which date the period counts, and which rows are never touched (anything of an open case).
Every model in the registry has a rule, even if the rule is to keep (the audit trail is
append-only: its own retention is an operational step, see docs/privacy.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from paramount import config
from paramount.access import audit
from paramount.privacy.models import IdentificationMonthlyCount, RetentionAction, RetentionDecision
from paramount.privacy.registry import REGISTRY

ANONYMISED = "anonymised"
DELETE, ANONYMISE, KEEP = RetentionAction.DELETE, RetentionAction.ANONYMISE, RetentionAction.KEEP


def _model(label: str):
    return apps.get_model(label)


def _families_past(cut_offs: dict[str, datetime]) -> QuerySet:
    """Cases closed before the case-records cut-off: the only cases retention acts on."""
    from paramount.families.services import CLOSED_STATES

    # A referred family is the partner's open case until its support closes and that, too, is
    # past its period.
    support_kept = _model("support.SupportCase").objects.exclude(
        state="CLOSED", state_changed_at__lt=cut_offs["support_records"]
    )
    return (
        _model("families.Family")
        .objects.filter(state__in=CLOSED_STATES, state_changed_at__lt=cut_offs["case_records"])
        .exclude(referral__support_case__in=support_kept)
    )


def _identifications_past(cut_offs: dict[str, datetime]) -> QuerySet:
    """Identifications past retention: in a case past its own retention, or in no case and made
    before the identification-records cut-off. A child of an open case is never among them."""
    return _model("identification.Identification").objects.filter(
        Q(family_member__isnull=True, created_at__lt=cut_offs["identification_records"])
        | Q(family_member__family__in=_families_past(cut_offs))
    )


def _identifications_kept(cut_offs: dict[str, datetime]) -> QuerySet:
    return _model("identification.Identification").objects.exclude(
        pk__in=_identifications_past(cut_offs)
    )


def _protected_person_keys(cut_offs: dict[str, datetime]) -> set[str]:
    """The people of every identification retention keeps (open cases among them), whose local
    records must stay."""
    kept = _identifications_kept(cut_offs)
    keys = set(kept.values_list("child_key", flat=True))
    keys |= set(kept.values_list("reception_match__adult_person_key", flat=True))
    return keys


@dataclass(frozen=True)
class Rule:
    """What happens to one model's rows when their period runs out.

    ``due(cut_off, cut_offs)`` (``cut_offs`` per category, for rules that follow another
    category's rows) gives the rows past retention that may be acted on (already anonymised
    rows and rows of open cases left out); ``act(rows)`` deletes or anonymises them.
    """

    action: RetentionAction
    reason: str
    due: Callable[[datetime, dict[str, datetime]], QuerySet] | None = None
    act: Callable[[QuerySet], None] | None = None


def _delete(rows: QuerySet) -> None:
    rows.delete()


def _people_due(cut_off, cut_offs):
    protected = _protected_person_keys(cut_offs)
    return (
        _model("feeds.PersonRecord")
        .objects.filter(batch__received_at__lt=cut_off)
        .exclude(person_key__in=protected)
    )


def _relationships_due(cut_off, cut_offs):
    protected = _model("feeds.PersonRecord").objects.filter(
        person_key__in=_protected_person_keys(cut_offs)
    )
    kept = Q(pk__in=[])
    for source, record_id in protected.values_list("source", "record_id"):
        kept |= Q(source=source) & (Q(adult_record_id=record_id) | Q(child_record_id=record_id))
    return _model("feeds.Relationship").objects.filter(batch__received_at__lt=cut_off).exclude(kept)


def _movements_due(cut_off, cut_offs):
    from paramount.families.models import Family

    return (
        _model("feeds.PrisonMovement")
        .objects.filter(batch__received_at__lt=cut_off)
        .exclude(families__in=Family.objects.exclude(pk__in=_families_past(cut_offs)))
        .exclude(identifications__in=_identifications_kept(cut_offs))
        .exclude(first_name=ANONYMISED)
        .distinct()
    )


def _movements_anonymise(rows):
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


def _identifications_due(cut_off, cut_offs):
    return _identifications_past(cut_offs).exclude(child_key__startswith=f"{ANONYMISED}:")


def _identifications_anonymise(rows):
    # Area, month, band and status stay: the counts in reports are made from them.
    for identification in rows:
        identification.child_key = f"{ANONYMISED}:{identification.pk}"
        identification.child_source_records = ""
        identification.child_first_name = identification.child_last_name = ""
        identification.child_date_of_birth = None
        identification.child_postcode = ""
        identification.relationship_records = []
        identification.save()


def _matches_due(cut_off, cut_offs):
    return (
        _model("identification.ReceptionMatch")
        .objects.filter(run__started_at__lt=cut_off)
        .exclude(identifications__in=_identifications_kept(cut_offs))
        .exclude(adult_person_key__startswith=f"{ANONYMISED}:")
        .distinct()
    )


def _matches_anonymise(rows):
    for match in rows:
        match.adult_person_key = f"{ANONYMISED}:{match.pk}"
        match.evidence = {}
        match.save()


def _families_due(cut_off, cut_offs):
    return _families_past(cut_offs).exclude(household_key__startswith=f"{ANONYMISED}:")


def _families_anonymise(rows):
    # A closed case keeps its area, state, dates and members (the counts); who and where go,
    # with the consent-giver's and the self-referral's contact details.
    families = list(rows)
    for family in families:
        family.household_key = f"{ANONYMISED}:{family.pk}"
        family.save(update_fields=["household_key"])
    ids = [f.pk for f in families]
    _model("outreach.Consent").objects.filter(family_id__in=ids).update(
        given_by_name=ANONYMISED, contact_phone="", withdrawal_note=""
    )
    _model("outreach.SelfReferralInvite").objects.filter(family_id__in=ids).update(
        contact_name="", contact_details="", best_time=""
    )


def _older(label: str, field: str):
    return lambda cut_off, cut_offs: _model(label).objects.filter(**{f"{field}__lt": cut_off})


_NOT_AUTOMATED = "kept: no personal data, or removed by an operator step (docs/privacy.md)"

# Order matters: anonymise what others refer to, delete what nothing refers to.
RULES: dict[str, Rule] = {
    "feeds.QuarantinedRow": Rule(
        DELETE,
        "rows refused at the edge, past the file's receipt",
        _older("feeds.QuarantinedRow", "batch__received_at"),
        _delete,
    ),
    "feeds.IngestWarning": Rule(
        DELETE,
        "warnings on dropped cells, past the file's receipt",
        _older("feeds.IngestWarning", "batch__received_at"),
        _delete,
    ),
    "feeds.RecordHistory": Rule(
        DELETE,
        "earlier versions of records, past their replacement",
        _older("feeds.RecordHistory", "replaced_at"),
        _delete,
    ),
    "feeds.Relationship": Rule(
        DELETE,
        "relationships not changed within the period, none of an open case",
        _relationships_due,
        _delete,
    ),
    "feeds.PersonRecord": Rule(
        DELETE,
        "local records not changed within the period, none of an open case",
        _people_due,
        _delete,
    ),
    "feeds.PrisonMovement": Rule(
        ANONYMISE,
        "receptions past the period, of no open case (cases refer to them)",
        _movements_due,
        _movements_anonymise,
    ),
    "identification.Identification": Rule(
        ANONYMISE,
        "identifications past the period, of no open case; counts kept",
        _identifications_due,
        _identifications_anonymise,
    ),
    "identification.ReceptionMatch": Rule(
        ANONYMISE,
        "matches past the period, of no open case; band and probability kept",
        _matches_due,
        _matches_anonymise,
    ),
    "families.Family": Rule(
        ANONYMISE,
        "cases closed before the cut-off; state, dates and members kept",
        _families_due,
        _families_anonymise,
    ),
    "outreach.SelfReferralAttempt": Rule(
        DELETE,
        "rate-limit hashes past the attempt",
        _older("outreach.SelfReferralAttempt", "at"),
        _delete,
    ),
    "access.SignInFailure": Rule(
        DELETE, "lockout hashes past the attempt", _older("access.SignInFailure", "at"), _delete
    ),
    "access.AuditEvent": Rule(
        KEEP, "append-only: the database refuses DELETE; its retention is an operator step"
    ),
}


def rule_for(label: str) -> Rule:
    return RULES.get(label) or Rule(KEEP, _NOT_AUTOMATED)


@dataclass(frozen=True)
class Decision:
    model: str
    category: str
    action: RetentionAction
    cut_off: date
    count: int
    reason: str


def _aggregate_refresh() -> int:
    """Count identifications per area per month into the aggregate table. Retention never
    deletes identifications (it anonymises them), so a recount is exact; a count is never
    lowered, so a month's figure survives whatever an operator removes later."""
    changed = 0
    counts = (
        _model("identification.Identification")
        .objects.annotate(month=TruncMonth("created_at"))
        .values("area", "month")
        .annotate(n=Count("pk"))
    )
    for row in counts:
        month = row["month"].date() if isinstance(row["month"], datetime) else row["month"]
        existing = IdentificationMonthlyCount.objects.filter(area=row["area"], month=month).first()
        if existing is None:
            IdentificationMonthlyCount.objects.create(
                area=row["area"], month=month, identifications=row["n"]
            )
            changed += 1
        elif existing.identifications < row["n"]:
            existing.identifications = row["n"]
            existing.save(update_fields=["identifications"])
            changed += 1
    return changed


def retention_run(*, today: date, apply: bool, acting_user=None) -> list[Decision]:
    """Decide, per registry model, what is past retention on ``today``; with ``apply``, do it.

    One transaction: the aggregate counts are refreshed first, then each rule acts, and each
    decision is stored and audited with it. A dry run stores and changes nothing.
    """
    periods = config.current().retention
    unknown = set(RULES) - set(REGISTRY)
    if unknown:
        raise ImproperlyConfigured(f"retention rules for models not in the registry: {unknown}")
    decisions: list[Decision] = []
    now = timezone.now()
    with transaction.atomic():
        if apply:
            _aggregate_refresh()
        cut_offs = {
            category: today - timedelta(days=periods.days(category))
            for category in {e.retention for e in REGISTRY.values()}
        }
        cut_offs_at = {
            category: timezone.make_aware(datetime.combine(day, time.min))
            for category, day in cut_offs.items()
        }
        # Rules in their order (anonymise what others refer to before deleting what nothing
        # does), then every other registry model, reported as kept.
        for label in [*RULES, *(label for label in REGISTRY if label not in RULES)]:
            entry = REGISTRY[label]
            rule = rule_for(label)
            cut_off = cut_offs[entry.retention]
            count = 0
            if rule.due is not None:
                rows = rule.due(cut_offs_at[entry.retention], cut_offs_at)
                count = rows.count()
                if apply and count:
                    rule.act(rows)
            decision = Decision(label, entry.retention, rule.action, cut_off, count, rule.reason)
            decisions.append(decision)
            if apply and count:
                stored = RetentionDecision.objects.create(
                    decided_at=now,
                    today=today,
                    model=label,
                    category=entry.retention,
                    action=rule.action,
                    cut_off=cut_off,
                    count=count,
                    applied=True,
                    reason=rule.reason,
                )
                if count:
                    audit.record(
                        actor=acting_user,
                        action="privacy.retention_applied",
                        subject=stored,
                        purpose="retention period ended (UK GDPR Art. 5(1)(e))",
                        after={
                            "model": label,
                            "category": entry.retention,
                            "action": str(rule.action),
                            "cut_off": cut_off.isoformat(),
                            "count": count,
                        },
                    )
    return decisions
