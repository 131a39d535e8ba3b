"""School liaison: telling a child's school, only with the family's consent.

A notification to the school's designated safeguarding lead says that the child's parent is in
custody, that the family agreed to the school being told, and what the school can do to help. It
never names the offence, the prison or the sentence: no consent the family can give here covers
them, and the school does not need them to help. It is made only while a consent that covers
the school stands; without one nothing at all is produced or stored. Each notification records
the disclosure it makes (:func:`paramount.outreach.services.disclosure_record`, lawful basis
consent), and keeps the exact message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from paramount.access import audit
from paramount.access.selectors import get_or_refuse
from paramount.outreach import services as outreach
from paramount.outreach.models import Consent, ConsentMethod, LawfulBasis, RecipientKind
from paramount.support.models import SchoolNotification, SupportCase, SupportChild
from paramount.support.services.cases import (
    SupportError,
    require_consent_standing,
    require_open,
    require_worker,
)

PURPOSE = "school liaison for a supported family"
NO_CONSENT = (
    "Nothing was made and nothing was shared: the family has not given consent that covers "
    "telling the school (or they withdrew it). Ask the parent or carer with parental "
    "responsibility; if they agree, record it with 'Record consent to tell the school' on the "
    "case page, then make the notification."
)
# The imprisoned person's relationship to the child, as the referral names it, in words.
RELATIONSHIP_WORDS = {
    "FATHER": "father",
    "MOTHER": "mother",
    "STEP_PARENT": "step-parent",
    "GRANDPARENT": "grandparent",
    "FOSTER_CARER": "foster carer",
    "CARER": "carer",
    "OTHER_RELATIVE": "relative",
}
WAYS_TO_HELP = (
    "Let {name} know there is an adult at school they can talk to, and agree somewhere quiet "
    "they can go when they need to.",
    "Look out for changes in attendance, concentration, behaviour, friendships or mood, and "
    "tell us or the family if you are worried.",
    "Be alert to teasing or bullying about a parent in prison, and deal with it.",
    "Be flexible about homework and deadlines around prison visits and other hard times.",
    "Think ahead about letters home and events such as parents' evenings and Mother's or "
    "Father's Day, so that {name} is not left out.",
    "Keep this information confidential: share it only with staff who need it to support "
    "{name}. Your usual safeguarding procedures still apply.",
)


class NoSchoolConsent(SupportError):
    """No consent that covers the school stands: nothing may be told to the school."""


def _outreach(service, **arguments):
    """Call an outreach service, its refusals worded for the partner's pages."""
    try:
        return service(**arguments)
    except outreach.OutreachError as error:
        raise SupportError(str(error)) from error


def school_consent(case: SupportCase) -> Consent | None:
    """The family's consent covering the school, if one stands (not withdrawn)."""
    return outreach.active_consent(case.referral.family, RecipientKind.SCHOOL)


def _parent_words(case: SupportCase) -> str:
    relationships = (case.referral.details.get("parent") or {}).get("relationship") or []
    if len(relationships) == 1 and relationships[0] in RELATIONSHIP_WORDS:
        return RELATIONSHIP_WORDS[relationships[0]]
    return "parent"


def _clean(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise SupportError(f"Enter {what}.")
    if len(text) > 255:
        raise SupportError(f"{what[0].upper()}{what[1:]} must be 255 characters or fewer.")
    return text


def school_notification_text(
    *,
    case: SupportCase,
    child: SupportChild,
    school_name: str,
    safeguarding_lead: str,
    consent: Consent,
    author: Any,
    on: date | None = None,
) -> str:
    """The notification exactly as it will be stored and sent. It is made from the referral's
    minimum data only: the child's name and the parent's relationship to them."""
    on = on or timezone.localdate()
    name = child.first_name
    born = f" (born {child.date_of_birth:%-d %B %Y})" if child.date_of_birth else ""
    given_on = timezone.localtime(consent.given_at).date()
    author_name = author.get_full_name() or author.get_username()
    lines = [
        f"{on:%-d %B %Y}",
        "",
        f"To: {safeguarding_lead}, designated safeguarding lead, {school_name}",
        f"About: {child.first_name} {child.last_name}{born}",
        "",
        f"I work for {case.organisation}, which supports children who have a parent in prison. "
        f"I am writing because {name}'s {_parent_words(case)} is in custody.",
        "",
        f"{consent.given_by_name} ({consent.relationship_to_child}) agreed on "
        f"{given_on:%-d %B %Y} that we could tell the school, so that the school can support "
        f"{name}.",
        "",
        "What the school can do to help:",
        *(f"- {way.format(name=name)}" for way in WAYS_TO_HELP),
        "",
        "We have not told you about the offence, the prison or the sentence. The family has not "
        f"agreed to share them, and you do not need them to help. Please do not ask {name} about "
        "them.",
        "",
        f"If you would like to talk about how to support {name}, contact me at "
        f"{case.organisation} (case {case.reference}).",
        "",
        f"{author_name}",
        f"{case.organisation}",
    ]
    return "\n".join(lines)


def _require_may_notify(case: SupportCase, child: SupportChild, acting_user: Any) -> None:
    if child.case_id != case.pk:
        raise SupportError("That child is not part of this case.")
    require_worker(acting_user, case)
    require_open(case)
    require_consent_standing(case)


def school_notification_preview(
    *,
    case: SupportCase,
    child: SupportChild,
    school_name: str,
    safeguarding_lead: str,
    acting_user: Any,
) -> str:
    """The message that :func:`school_notification_make` would store, made only under a
    standing school consent; nothing is stored."""
    _require_may_notify(case, child, acting_user)
    consent = school_consent(case)
    if consent is None:
        raise NoSchoolConsent(NO_CONSENT)
    return school_notification_text(
        case=case,
        child=child,
        school_name=_clean(school_name, "the school's name"),
        safeguarding_lead=_clean(safeguarding_lead, "the safeguarding lead's name"),
        consent=consent,
        author=acting_user,
    )


def school_notification_make(
    *,
    case: SupportCase,
    child: SupportChild,
    school_name: str,
    safeguarding_lead: str,
    acting_user: Any,
) -> SchoolNotification:
    """Produce the notification to the school's safeguarding lead, store it with the exact
    message, and record the disclosure under the family's school consent. Refused (nothing
    produced or stored) unless a consent covering the school stands."""
    _require_may_notify(case, child, acting_user)
    school_name = _clean(school_name, "the school's name")
    safeguarding_lead = _clean(safeguarding_lead, "the safeguarding lead's name")
    with transaction.atomic():
        consent = school_consent(case)
        if consent is not None:
            # Held until the notification is stored, so a withdrawal cannot slip in between.
            consent = (
                Consent.objects.select_for_update()
                .filter(pk=consent.pk, withdrawn_at__isnull=True)
                .first()
            )
        if consent is None:
            raise NoSchoolConsent(NO_CONSENT)
        message = school_notification_text(
            case=case,
            child=child,
            school_name=school_name,
            safeguarding_lead=safeguarding_lead,
            consent=consent,
            author=acting_user,
        )
        disclosure = _outreach(
            outreach.disclosure_record,
            family=case.referral.family,
            recipient_kind=RecipientKind.SCHOOL,
            recipient_organisation=school_name,
            recipient_name=safeguarding_lead,
            what=(
                f"Notification to the designated safeguarding lead: that {child.first_name}'s "
                f"{_parent_words(case)} is in custody, that the family consented to the school "
                "being told, and how the school can help. Not the offence, the prison or the "
                "sentence."
            ),
            why=f"So that the school can support {child.first_name}.",
            lawful_basis=LawfulBasis.CONSENT,
            acting_user=acting_user,
        )
        if disclosure.consent_id != consent.pk:
            raise SupportError(
                "The family's consents changed while the notification was being made. Nothing "
                "was shared: open the case again and check what the family agreed to."
            )
        notification = SchoolNotification.objects.create(
            case=case,
            child=child,
            school_name=school_name,
            safeguarding_lead=safeguarding_lead,
            message=message,
            consent=consent,
            disclosure=disclosure,
            made_by=acting_user,
            made_at=timezone.now(),
        )
        audit.record(
            actor=acting_user,
            action="support.school_notification_made",
            subject=notification,
            purpose=PURPOSE,
            after={
                "case": case.pk,
                "child": child.pk,
                "consent": consent.pk,
                "disclosure": disclosure.pk,
            },
        )
    return notification


@dataclass(frozen=True)
class SchoolConsentDetails:
    given_by_name: str
    relationship_to_child: str
    has_parental_responsibility: bool | None
    method: ConsentMethod
    given_on: date


def school_consent_record(
    *, case: SupportCase, details: SchoolConsentDetails, acting_user: Any
) -> Consent:
    """Record that the family now consents to the school being told. The consent covers the
    school only (the referral has its own); it is the family's record, kept with their other
    consents, and can be withdrawn like them."""
    require_worker(acting_user, case)
    require_open(case)
    require_consent_standing(case)
    if details.method == ConsentMethod.SELF_REFERRAL:
        raise SupportError("Say whether consent was given verbally or in writing.")
    today = timezone.localdate()
    if details.given_on > today:
        raise SupportError(f"The consent date {details.given_on:%-d %B %Y} is in the future.")
    if details.given_on < timezone.localtime(case.referral.referred_at).date():
        raise SupportError(
            "The consent date is before the family was referred: record the date the family "
            "agreed to the school being told."
        )
    given_at = (
        timezone.now()
        if details.given_on == today
        else timezone.make_aware(datetime.combine(details.given_on, time(12, 0)))
    )
    with transaction.atomic():
        consent = _outreach(
            outreach.consent_record,
            family=case.referral.family,
            details=outreach.ConsentDetails(
                given_by_name=details.given_by_name,
                relationship_to_child=details.relationship_to_child,
                has_parental_responsibility=details.has_parental_responsibility,
                covers_referral=False,
                covers_school=True,
                covers_social_care=False,
                method=details.method,
                given_at=given_at,
            ),
            acting_user=acting_user,
        )
        audit.record(
            actor=acting_user,
            action="support.school_consent_recorded",
            subject=consent,
            purpose=PURPOSE,
            after={"case": case.pk, "method": consent.method},
        )
    return consent


# --- reads for the pages ----------------------------------------------------------------


def school_panel(*, case: SupportCase) -> dict[str, Any]:
    """The case page's school liaison section, for a viewer who may work on the case."""
    return {
        "consent": school_consent(case),
        "notifications": list(
            case.school_notifications.select_related("child", "made_by").order_by("-made_at")
        ),
    }


def access_notification(*, viewer: Any, notification_id: int) -> SchoolNotification:
    """A notification of a case the viewer may work on; any other id is a 404, audited."""
    from paramount.support.selectors import REFUSED, case_queryset

    return get_or_refuse(
        SchoolNotification.objects.filter(case__in=case_queryset(viewer=viewer)).select_related(
            "case", "child", "made_by", "consent"
        ),
        viewer=viewer,
        pk=notification_id,
        action=REFUSED,
        message="No school notification found",
    )
