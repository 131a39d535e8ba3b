"""The retention job (SECURITY 17): delete or anonymise what has passed its period.

Driven by the registry: each model's retention category gives the period (``[retention]`` of
the configuration), and ``RULES`` below says, per model, what happens when it runs out, from
which date the period counts, and which rows are never touched (anything of an open case).
Every model holding personal data has a rule of its own, even if the rule is to keep it, and
then the rule says why (the audit trail is append-only: its own retention is an operational
step, see docs/privacy.md). ``BACKSTOPS`` first close the cases nobody closed, through the
cases' own state changes, so no case stays open, and kept, for ever. ``registry.FILE_STORES``
gives the files under ``PARAMOUNT_HOME`` that hold personal data, removed in the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from paramount import config
from paramount.access import audit
from paramount.families.services import CLOSED_STATES, ClosedBecause, family_close
from paramount.files import purge
from paramount.privacy import anonymise
from paramount.privacy.models import IdentificationMonthlyCount, RetentionAction, RetentionDecision
from paramount.privacy.registry import FILE_STORES, REGISTRY, FileStore
from paramount.privacy.selectors import ANONYMISED
from paramount.privacy.services import database_log_truncate
from paramount.support.services.cases import case_close_inactive

DELETE, ANONYMISE, KEEP, CLOSE = (
    RetentionAction.DELETE,
    RetentionAction.ANONYMISE,
    RetentionAction.KEEP,
    RetentionAction.CLOSE,
)
FAMILY_BACKSTOP = "open_case_backstop"
SUPPORT_BACKSTOP = "open_support_backstop"


def _model(label: str):
    return apps.get_model(label)


# --- What is past its period -------------------------------------------------------------------


def _families_past(cut_offs: dict[str, datetime]) -> QuerySet:
    """Cases closed before the case-records cut-off: the only cases retention acts on."""
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


def _families_due(cut_offs: dict[str, datetime]) -> QuerySet:
    """Cases past retention not yet anonymised. Everything of such a case (flags, decisions,
    contact, consent, referral, disclosures, the partner's support) is anonymised with it, by
    the rules before ``families.Family``, whose mark on the family ends it."""
    return _families_past(cut_offs).exclude(household_key__startswith=f"{ANONYMISED}:")


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
    rows and rows of open cases left out); ``act(rows)`` deletes, anonymises or closes them.
    ``category`` names the period when it is not the model's own (a backstop's).
    """

    action: RetentionAction
    reason: str
    due: Callable[[datetime, dict[str, datetime]], QuerySet] | None = None
    act: Callable[[QuerySet], None] | None = None
    category: str | None = None


def _delete(rows: QuerySet) -> None:
    rows.delete()


def _older(label: str, field: str):
    return lambda cut_off, cut_offs: _model(label).objects.filter(**{f"{field}__lt": cut_off})


def _of_families_due(label: str, path: str = "family"):
    """Rows of a model that hangs off the cases being anonymised (``path`` leads to the family)."""
    return lambda cut_off, cut_offs: _model(label).objects.filter(
        **{f"{path}__in": _families_due(cut_offs)}
    )


# --- Backstops: cases nobody closed ------------------------------------------------------------


def _idle(label: str, activity: tuple[str, ...], closed: tuple[str, ...], cut_off):
    """Open rows of ``label`` with nothing in ``activity`` (date lookups) since the cut-off.
    One subquery per kind of activity: a single filter across every one-to-many relation would
    join them all at once, the rows multiplying with each."""
    objects = _model(label).objects
    recent = Q()
    for lookup in activity:
        recent |= Q(pk__in=objects.filter(**{f"{lookup}__gte": cut_off}).values("pk"))
    return objects.exclude(state__in=closed).exclude(recent)


# What counts as something done on a family or a support case, for the backstops.
FAMILY_ACTIVITY = (
    "state_changed_at",
    "contact_attempts__recorded_at",
    "screening_decisions__decided_at",
    "screening_decisions__countersigned_at",
    "consents__recorded_at",
    "consents__withdrawn_at",
    "disclosures__disclosed_at",
    "self_referral__used_at",
)
SUPPORT_CASE_ACTIVITY = (
    "state_changed_at",
    "accepted_at",
    "sessions__recorded_at",
    "children__assessments__recorded_at",
    "children__wellbeing_scores__recorded_at",
    "family_needs__recorded_at",
    "plans__recorded_at",
    "tasks__done_at",
    "alerts__acknowledged_at",
    "school_notifications__made_at",
    "closures__reopened_at",
    "event_invitations__invited_at",
    "event_invitations__responded_at",
)


def _families_idle(cut_off, cut_offs):
    """Open families with nothing done on them since the cut-off: no state change, contact,
    screening, consent, disclosure or self-referral."""
    return _idle("families.Family", FAMILY_ACTIVITY, tuple(CLOSED_STATES), cut_off)


def _families_close(rows):
    idle_days = config.current().retention.days(FAMILY_BACKSTOP)
    for family in list(rows):
        family_close(family=family, because=ClosedBecause.NO_ACTIVITY, idle_days=idle_days)


def _support_cases_idle(cut_off, cut_offs):
    """Open support cases with nothing done on them since the cut-off: no state change,
    session, assessment, plan, score, task, alert, school notification, reopening or
    invitation."""
    return _idle("support.SupportCase", SUPPORT_CASE_ACTIVITY, ("CLOSED",), cut_off)


def _support_cases_close(rows):
    idle_days = config.current().retention.days(SUPPORT_BACKSTOP)
    for case in list(rows):
        case_close_inactive(case=case, idle_days=idle_days)


# The partner's case closes first: its family is then a referred family like any other.
BACKSTOPS: dict[str, Rule] = {
    "support.SupportCase": Rule(
        CLOSE,
        "support cases with no activity for the backstop period, closed by Paramount",
        _support_cases_idle,
        _support_cases_close,
        category=SUPPORT_BACKSTOP,
    ),
    "families.Family": Rule(
        CLOSE,
        "family cases with no activity for the backstop period, closed by Paramount",
        _families_idle,
        _families_close,
        category=FAMILY_BACKSTOP,
    ),
}


# --- Rules -------------------------------------------------------------------------------------


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
    open_or_kept = _model("families.Family").objects.exclude(pk__in=_families_past(cut_offs))
    return (
        _model("feeds.PrisonMovement")
        .objects.filter(batch__received_at__lt=cut_off)
        .exclude(families__in=open_or_kept)
        .exclude(identifications__in=_identifications_kept(cut_offs))
        .exclude(first_name=ANONYMISED)
        .distinct()
    )


def _identifications_due(cut_off, cut_offs):
    return _identifications_past(cut_offs).exclude(child_key__startswith=f"{ANONYMISED}:")


def _matches_due(cut_off, cut_offs):
    return (
        _model("identification.ReceptionMatch")
        .objects.filter(run__started_at__lt=cut_off)
        .exclude(identifications__in=_identifications_kept(cut_offs))
        .exclude(adult_person_key__startswith=f"{ANONYMISED}:")
        .distinct()
    )


def _review_decisions_due(cut_off, cut_offs):
    return _model("identification.ReviewDecision").objects.filter(
        reception_match__in=_matches_due(cut_off, cut_offs)
    )


def _support_cases_due(cut_offs):
    return _model("support.SupportCase").objects.filter(
        referral__family__in=_families_due(cut_offs)
    )


def _of_support_cases_due(label: str, path: str = "case"):
    return lambda cut_off, cut_offs: _model(label).objects.filter(
        **{f"{path}__in": _support_cases_due(cut_offs)}
    )


def _families_anonymise_due(cut_off, cut_offs):
    return _families_due(cut_offs)


def _requests_due(cut_off, cut_offs):
    return _model("privacy.SubjectAccessRequest").objects.filter(
        Q(exported_at__lt=cut_off) | Q(exported_at__isnull=True, received_on__lt=cut_off.date())
    )


def _erasure_reasons_due(cut_off, cut_offs):
    return (
        _model("privacy.Erasure").objects.filter(erased_at__lt=cut_off).exclude(reason=ANONYMISED)
    )


_WITH_ITS_CASE = "of cases past retention, anonymised with the case"
_LINKS_ONLY = "links and numbers only; the rows they point to are anonymised with the case"
_STAFF = (
    "kept: staff data, not families'; removed with the account when the member of staff leaves "
    "(an administrator's step, docs/operations.md)"
)

# Order matters: anonymise what others refer to, delete what nothing refers to; the rows of a
# case before the case itself, whose mark says it is done.
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
        anonymise.movements_anonymise,
    ),
    "identification.Identification": Rule(
        ANONYMISE,
        "identifications past the period, of no open case; counts kept",
        _identifications_due,
        anonymise.identifications_anonymise,
    ),
    "identification.ReviewDecision": Rule(
        ANONYMISE,
        "analysts' reasons on matches past the period; the decision kept",
        _review_decisions_due,
        anonymise.review_decisions_anonymise,
    ),
    "identification.ReceptionMatch": Rule(
        ANONYMISE,
        "matches past the period, of no open case; band and probability kept",
        _matches_due,
        anonymise.matches_anonymise,
    ),
    "identification.HeldBackReception": Rule(
        KEEP,
        "kept while its restriction stands: lifting it puts the reception back and removes the "
        "row, and so does an erasure",
    ),
    "screening.ScreeningFlag": Rule(
        ANONYMISE,
        f"flags {_WITH_ITS_CASE}: the kind of flag kept",
        _of_families_due("screening.ScreeningFlag"),
        anonymise.flags_anonymise,
    ),
    "screening.ScreeningDecision": Rule(
        ANONYMISE,
        f"screening reasons {_WITH_ITS_CASE}: the outcome kept",
        _of_families_due("screening.ScreeningDecision"),
        anonymise.screening_decisions_anonymise,
    ),
    "outreach.ContactAttempt": Rule(
        ANONYMISE,
        f"contact notes {_WITH_ITS_CASE}",
        _of_families_due("outreach.ContactAttempt"),
        anonymise.contact_attempts_anonymise,
    ),
    "outreach.Consent": Rule(
        ANONYMISE,
        f"who consented and their phone, {_WITH_ITS_CASE}",
        _of_families_due("outreach.Consent"),
        anonymise.consents_anonymise,
    ),
    "outreach.Referral": Rule(
        ANONYMISE,
        f"the referral's copy of the children and contact, {_WITH_ITS_CASE}",
        _of_families_due("outreach.Referral"),
        anonymise.referrals_anonymise,
    ),
    "outreach.Disclosure": Rule(
        ANONYMISE,
        f"what was disclosed and to whom, {_WITH_ITS_CASE}; organisation and basis kept",
        _of_families_due("outreach.Disclosure"),
        anonymise.disclosures_anonymise,
    ),
    "outreach.SelfReferralInvite": Rule(
        ANONYMISE,
        f"the family's self-referral contact details, {_WITH_ITS_CASE}",
        _of_families_due("outreach.SelfReferralInvite"),
        anonymise.self_referrals_anonymise,
    ),
    "support.SupportChild": Rule(
        ANONYMISE,
        f"the partner's record of each child, {_WITH_ITS_CASE}",
        _of_support_cases_due("support.SupportChild"),
        anonymise.support_children_anonymise,
    ),
    "support.ChildAssessment": Rule(
        ANONYMISE,
        f"assessments' text {_WITH_ITS_CASE}; the coded answers kept",
        _of_support_cases_due("support.ChildAssessment", "child__case"),
        anonymise.child_assessments_anonymise,
    ),
    "support.FamilyNeedsAssessment": Rule(
        ANONYMISE,
        f"family needs' text {_WITH_ITS_CASE}; the needs kept",
        _of_support_cases_due("support.FamilyNeedsAssessment"),
        anonymise.family_needs_anonymise,
    ),
    "support.PlanItem": Rule(
        ANONYMISE,
        f"plan goals {_WITH_ITS_CASE}; the interventions kept",
        _of_support_cases_due("support.PlanItem", "plan__case"),
        anonymise.plan_items_anonymise,
    ),
    "support.SupportSession": Rule(
        ANONYMISE,
        f"session notes {_WITH_ITS_CASE}; kind, date and length kept",
        _of_support_cases_due("support.SupportSession"),
        anonymise.sessions_anonymise,
    ),
    "support.SupportTask": Rule(
        ANONYMISE,
        f"notes on tasks done, {_WITH_ITS_CASE}",
        _of_support_cases_due("support.SupportTask"),
        anonymise.tasks_anonymise,
    ),
    "support.SchoolNotification": Rule(
        ANONYMISE,
        f"school notifications and the school, {_WITH_ITS_CASE}",
        _of_support_cases_due("support.SchoolNotification"),
        anonymise.school_notifications_anonymise,
    ),
    "support.Closure": Rule(
        ANONYMISE,
        f"closure and reopening notes, {_WITH_ITS_CASE}; reasons kept",
        _of_support_cases_due("support.Closure"),
        anonymise.closures_anonymise,
    ),
    "support.SupportCase": Rule(
        ANONYMISE,
        f"waiting-list reasons {_WITH_ITS_CASE}; state and dates kept",
        _of_support_cases_due("support.SupportCase", "pk"),
        anonymise.support_cases_anonymise,
    ),
    "support.SupportPlan": Rule(KEEP, f"kept: dates only; {_LINKS_ONLY}"),
    "support.MentorAssignment": Rule(KEEP, f"kept: {_LINKS_ONLY}"),
    "support.WellbeingScore": Rule(
        KEEP, f"kept: scores of a child anonymised with the case, for outcomes; {_LINKS_ONLY}"
    ),
    "support.MovementAlert": Rule(KEEP, f"kept: {_LINKS_ONLY}"),
    "events.EventInvitation": Rule(KEEP, f"kept: answers and attendance; {_LINKS_ONLY}"),
    "events.GroupEvent": Rule(KEEP, _STAFF),
    "families.FamilyMember": Rule(KEEP, f"kept: {_LINKS_ONLY}"),
    "families.Family": Rule(
        ANONYMISE,
        "cases closed before the cut-off; state, dates and members kept",
        _families_anonymise_due,
        anonymise.families_anonymise,
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
    "access.Membership": Rule(KEEP, _STAFF),
    "api.ApiToken": Rule(KEEP, _STAFF),
    "guidance.GuidanceSection": Rule(KEEP, _STAFF),
    "privacy.SubjectAccessRequest": Rule(
        DELETE,
        "subject access requests answered before the cut-off",
        _requests_due,
        _delete,
    ),
    "privacy.PersonRestriction": Rule(
        DELETE,
        "restrictions lifted before the cut-off",
        _older("privacy.PersonRestriction", "lifted_at"),
        _delete,
    ),
    "privacy.Erasure": Rule(
        ANONYMISE,
        "the request's words, past the period; the erasure's hashes and counts kept",
        _erasure_reasons_due,
        anonymise.reasons_anonymise,
    ),
    "privacy.ErasedRecord": Rule(
        KEEP,
        "kept: a tombstone must outlive every source that could send the record again; it "
        "holds keyed hashes only",
    ),
}


def rule_for(label: str) -> Rule:
    if label in RULES:
        return RULES[label]
    if REGISTRY[label].holds_personal_data:
        raise ImproperlyConfigured(
            f"{label} holds personal data but has no retention rule in "
            "paramount/privacy/retention.py: add one (or a rule to keep it, saying why)"
        )
    return Rule(KEEP, "kept: no personal data")


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


# --- Files -------------------------------------------------------------------------------------


def _files_due(store: FileStore, cut_off: datetime, acted: dict[str, int]) -> list[Path]:
    """The store's files under PARAMOUNT_HOME last written before the cut-off, or all of them
    when the run removed or anonymised the rows they copy (``FileStore.copies``)."""
    home = Path(settings.PARAMOUNT_HOME)
    files = sorted(path for path in home.glob(store.pattern) if path.is_file())
    if any(acted.get(label) for label in store.copies):
        return files
    return [path for path in files if path.stat().st_mtime < cut_off.timestamp()]


def _empty_folders_remove(store: FileStore) -> None:
    root = Path(settings.PARAMOUNT_HOME) / store.pattern.split("/", 1)[0]
    if not root.is_dir() or root == Path(settings.PARAMOUNT_HOME):
        return
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    if not any(root.iterdir()):
        root.rmdir()


def _decision_store(decision: Decision, now: datetime, today: date, acting_user) -> None:
    stored = RetentionDecision.objects.create(
        decided_at=now,
        today=today,
        model=decision.model,
        category=decision.category,
        action=decision.action,
        cut_off=decision.cut_off,
        count=decision.count,
        applied=True,
        reason=decision.reason,
    )
    audit.record(
        actor=acting_user,
        action="privacy.retention_applied",
        subject=stored,
        purpose="retention period ended (UK GDPR Art. 5(1)(e))",
        after={
            "model": decision.model,
            "category": decision.category,
            "action": str(decision.action),
            "cut_off": decision.cut_off.isoformat(),
            "count": decision.count,
        },
    )


def retention_run(*, today: date, apply: bool, acting_user=None) -> list[Decision]:
    """Decide, per registry model and file store, what is past retention on ``today``; with
    ``apply``, do it.

    One transaction: the aggregate counts are refreshed first, then the backstops close the
    cases left open, then each rule acts, each decision stored and audited with it. A dry run
    does exactly the same and rolls it all back, so what it reports is what ``apply`` would do;
    it touches no file. After an applied run the files past their period (and the linkage
    cache, when people were removed) are deleted, and SQLite's log is emptied so the removed
    rows are gone from the disk too.
    """
    periods = config.current().retention
    unknown = (set(RULES) | set(BACKSTOPS)) - set(REGISTRY)
    if unknown:
        raise ImproperlyConfigured(f"retention rules for models not in the registry: {unknown}")
    categories = {e.retention for e in REGISTRY.values()} | {s.retention for s in FILE_STORES}
    categories |= {rule.category for rule in BACKSTOPS.values()}
    cut_offs = {category: today - timedelta(days=periods.days(category)) for category in categories}
    cut_offs_at = {
        category: timezone.make_aware(datetime.combine(day, time.min))
        for category, day in cut_offs.items()
    }
    decisions: list[Decision] = []
    acted: dict[str, int] = {}
    files_to_remove: list[Path] = []
    now = timezone.now()
    with transaction.atomic():
        _aggregate_refresh()
        steps = [
            *BACKSTOPS.items(),
            *RULES.items(),
            *((label, rule_for(label)) for label in REGISTRY if label not in RULES),
        ]
        for label, rule in steps:
            category = rule.category or REGISTRY[label].retention
            count = 0
            if rule.due is not None:
                rows = rule.due(cut_offs_at[category], cut_offs_at)
                count = rows.count()
                if count:
                    rule.act(rows)
                    acted[label] = acted.get(label, 0) + count
            decision = Decision(
                label, category, rule.action, cut_offs[category], count, rule.reason
            )
            decisions.append(decision)
            if count:
                _decision_store(decision, now, today, acting_user)
        for store in FILE_STORES:
            if store.pattern is None:
                continue
            due = _files_due(store, cut_offs_at[store.retention], acted)
            decision = Decision(
                f"files:{store.name}",
                store.retention,
                DELETE,
                cut_offs[store.retention],
                len(due),
                f"files past the period, or copies of rows removed: {store.how_removed}",
            )
            decisions.append(decision)
            if due:
                _decision_store(decision, now, today, acting_user)
                files_to_remove += due
        if not apply:
            transaction.set_rollback(True)
    if apply:
        purge(files_to_remove)
        for store in FILE_STORES:
            if store.pattern is not None:
                _empty_folders_remove(store)
        database_log_truncate()
    return decisions
