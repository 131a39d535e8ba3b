"""Small formatting helpers shared by Paramount's templates."""

import math
from dataclasses import dataclass
from typing import Any

from django import template
from django.http import QueryDict
from django.urls import reverse

from paramount.access.demo import demo_allowed
from paramount.access.selectors import Permission, has_permission
from paramount.web import charts

register = template.Library()

_BAND_TAG = {"CONFIRMED": "govuk-tag--green", "REVIEW": "govuk-tag--yellow"}
_BATCH_STATUS_TAG = {"INGESTED": "govuk-tag--green", "REJECTED": "govuk-tag--red"}
_REVIEW_STATE_TAG = {
    "PENDING": "govuk-tag--yellow",
    "CONFIRMED_BY_ANALYST": "govuk-tag--green",
    "REJECTED_BY_ANALYST": "govuk-tag--red",
}
_STATUS_TAG = {"REJECTED": "govuk-tag--red"}
FAMILY_STATE_TAGS = {
    "AWAITING_SCREENING": "govuk-tag--blue",
    "AWAITING_SECOND_ANALYST": "govuk-tag--yellow",
    "NOT_APPROPRIATE": "govuk-tag--grey",
    "COORDINATE_WITH_CSC": "govuk-tag--purple",
    "APPROVED_FOR_CONTACT": "govuk-tag--turquoise",
    "CONTACT_ATTEMPTED": "govuk-tag--light-blue",
    "DECLINED": "govuk-tag--grey",
    "UNREACHABLE": "govuk-tag--orange",
    "SELF_REFERRAL_DETAILS_LEFT": "govuk-tag--pink",
    "CONSENTED": "govuk-tag--green",
    "REFERRED": "govuk-tag--green",
    "WITHDRAWN": "govuk-tag--grey",
    "CLOSED": "govuk-tag--grey",
}


@register.filter
def percent(probability) -> str:
    """0.99731 -> "99.7%". Rounded down, so a match short of certain never shows as 100%."""
    if probability is None or probability == "":
        return ""
    value = float(probability) * 100
    return f"{math.floor(value * 10) / 10:.1f}%"


@register.filter
def band_tag_class(band: str) -> str:
    return _BAND_TAG.get(band, "govuk-tag--grey")


@register.filter
def batch_status_tag_class(status: str) -> str:
    return _BATCH_STATUS_TAG.get(status, "govuk-tag--grey")


@register.filter
def family_state_tag_class(state: str) -> str:
    return FAMILY_STATE_TAGS.get(state, "govuk-tag--grey")


@register.filter
def negate(value) -> int:
    return -int(value)


@register.filter
def review_state_tag_class(state: str) -> str:
    return _REVIEW_STATE_TAG.get(state, "govuk-tag--grey")


@register.filter
def status_tag_class(status: str) -> str:
    return _STATUS_TAG.get(status, "govuk-tag--grey")


@register.filter
def probability(value) -> str:
    """An m or u probability as a percentage to three significant figures: 50.6%, 0.0176%."""
    if value is None or value == "":
        return ""
    percent_value = float(value) * 100
    if percent_value == 0:
        return "0%"
    digits = max(0, 2 - math.floor(math.log10(abs(percent_value))))
    rounded = round(percent_value, digits)  # 0.00999 rounds up to 0.0100: one digit fewer
    digits = max(0, 2 - math.floor(math.log10(abs(rounded))))
    return f"{rounded:.{digits}f}%"


@register.filter
def times_as_likely(bayes_factor) -> str:
    """m/u in words: "287 times as likely for the same person", or for evidence against,
    "2.5 times as likely for different people"."""
    if bayes_factor is None or bayes_factor == "":
        return ""
    value = float(bayes_factor)
    if value <= 0:
        return ""
    factor, whom = (value, "the same person") if value >= 1 else (1 / value, "different people")
    amount = f"{factor:,.0f}" if factor >= 10 else f"{factor:.1f}"
    return f"{amount} times as likely for {whom}"


_TRAINING_LABELS = {
    "records": "Trained on (records)",
    "max_pairs": "Pairs sampled for training (at most)",
    "seconds": "Training took (seconds)",
}


@register.filter
def training_label(key) -> str:
    """A key of a model's training summary in words."""
    return _TRAINING_LABELS.get(key, words(key))


@register.filter
def number(value) -> str:
    """A number for people: 2000000.0 -> "2,000,000", 6.3212 -> "6.32"; anything else as is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


@register.filter
def one_in(probability_value) -> str:
    """A small probability as "1 in 34,368"."""
    if not probability_value:
        return ""
    return f"1 in {round(1 / float(probability_value)):,}"


@register.filter
def weight_class(weight) -> str:
    if weight is None:
        return ""
    if weight > 0:
        return "app-weight--for"
    if weight < 0:
        return "app-weight--against"
    return ""


@register.filter
def signed(weight) -> str:
    """+3.21 / −1.50 (a real minus sign), or an empty string when unknown."""
    if weight is None:
        return ""
    return f"+{weight:.2f}" if weight > 0 else f"\u2212{abs(weight):.2f}" if weight < 0 else "0.00"


@register.filter
def flag(value) -> str:
    """Contract flags in words: Y -> Yes, N -> No, empty -> Not known."""
    return {"Y": "Yes", "N": "No"}.get(value or "", "Not known")


@register.filter
def words(code) -> str:
    """An upper-case contract code in plain words: CONVICTED_UNSENTENCED -> Convicted unsentenced."""
    if not code:
        return ""
    text = str(code).replace("_", " ").lower()
    return text[:1].upper() + text[1:]


@register.filter
def split_pipe(value) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


@register.simple_tag(takes_context=True)
def page_url(context, parameter: str, number: int) -> str:
    """The current URL's query string with ``parameter`` set to ``number`` (other filters kept)."""
    request = context["request"]
    query: QueryDict = request.GET.copy()
    query[parameter] = str(number)
    return "?" + query.urlencode()


def _review_count(user) -> int:
    from paramount.identification.selectors import review_pending_count

    return review_pending_count(viewer=user)


@dataclass(frozen=True)
class _NavigationItem:
    text: str
    url_name: str
    pages: frozenset[str]  # the URL names (namespace:name) it is the current item for
    permission: Permission
    count: Any = None  # a function of the user giving a number to show beside the text


# The primary navigation, in order.
_NAVIGATION = (
    _NavigationItem(
        "Worklist",
        "identification:worklist",
        frozenset({"identification:worklist", "identification:identification"}),
        Permission.VIEW_IDENTIFICATIONS,
    ),
    _NavigationItem(
        "Review",
        "identification:review",
        frozenset({"identification:review"}),
        Permission.REVIEW_MATCHES,
        count=_review_count,
    ),
    _NavigationItem(
        "Families",
        "families:list",
        frozenset(
            {
                "families:list",
                "families:family",
                "families:timeline",
                "screening:decision",
                "screening:countersign",
                "outreach:assign",
                "outreach:contact",
                "outreach:referral",
                "outreach:disclosure",
                "outreach:withdraw_consent",
            }
        ),
        Permission.VIEW_FAMILIES,
    ),
    _NavigationItem(
        "Overdue", "families:overdue", frozenset({"families:overdue"}), Permission.VIEW_FAMILIES
    ),
    _NavigationItem(
        "Referrals",
        "outreach:referral_list",
        frozenset({"outreach:referral_list", "outreach:referral_detail"}),
        Permission.VIEW_REFERRALS,
    ),
    _NavigationItem(
        "Intake",
        "support:intake",
        frozenset({"support:intake", "support:accept"}),
        Permission.MANAGE_SUPPORT,
    ),
    _NavigationItem(
        "Cases",
        "support:caseload",
        frozenset(
            {
                "support:caseload",
                "support:case",
                "support:allocate",
                "support:assessment",
                "support:family_needs",
                "support:plan",
                "support:close",
                "support:reopen",
                "support:session",
                "support:mentor_assign",
                "support:wellbeing",
                "support:child_wellbeing",
                "support:school_consent",
                "support:school_notification",
                "support:school_notification_sent",
                "support:school_notification_print",
                "guidance:sheet",
                "events:invite",
            }
        ),
        Permission.VIEW_SUPPORT_CASES,
    ),
    _NavigationItem(
        "Tasks",
        "support:tasks",
        frozenset({"support:tasks", "support:task_done", "support:alert_acknowledge"}),
        Permission.VIEW_SUPPORT_CASES,
    ),
    _NavigationItem(
        "Groups and events",
        "events:list",
        frozenset({"events:list", "events:new", "events:event", "events:cancel"}),
        Permission.VIEW_SUPPORT_CASES,
    ),
    _NavigationItem(
        "Guidance",
        "guidance:sections",
        frozenset(
            {
                "guidance:sections",
                "guidance:add",
                "guidance:section",
                "guidance:version",
                "guidance:edit",
                "guidance:retire",
            }
        ),
        Permission.MANAGE_SUPPORT,
    ),
    _NavigationItem(
        "Mentees",
        "support:mentees",
        frozenset({"support:mentees", "support:mentee"}),
        Permission.MENTOR,
    ),
    _NavigationItem(
        "Model", "linkage:model", frozenset({"linkage:model"}), Permission.VIEW_LINKAGE_MODEL
    ),
    _NavigationItem(
        "Feeds", "feeds:batches", frozenset({"feeds:batches", "feeds:batch"}), Permission.VIEW_FEEDS
    ),
)


@register.simple_tag(takes_context=True)
def primary_navigation(context) -> list[dict]:
    """The navigation items the signed-in user's role may use, the current one marked, with a
    count where the item has one (the matches waiting for review)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    # Half signed in (password but no code yet): nothing to navigate to.
    if hasattr(user, "is_verified") and not user.is_verified():
        return []
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    return [
        {
            "text": item.text,
            "href": reverse(item.url_name),
            "active": current in item.pages,
            "count": item.count(user) if item.count else None,
        }
        for item in _NAVIGATION
        if has_permission(user, item.permission)
    ]


@register.simple_tag
def synthetic_data() -> bool:
    """Whether to say, in the phase banner, that every person shown is made up.

    True only where the demo helpers are allowed (``PARAMOUNT_DEMO_ALLOWED``, the embedded
    demo): a deployment, which may hold real people, never claims they are made up.
    """
    return demo_allowed()


@register.filter
def address(record) -> str:
    """A record's address on one line: the lines, town and postcode that are known."""
    parts = (
        getattr(record, name, None)
        for name in ("address_line_1", "address_line_2", "town", "postcode")
    )
    return ", ".join(part for part in parts if part)


_CSC_STATUSES = {
    "NONE": "Not known to children's social care",
    "EARLY_HELP": "Early help",
    "CIN": "Child in need",
    "CP_PLAN": "Child protection plan",
    "CLA": "Looked-after child",
    "CARE_LEAVER": "Care leaver",
}


@register.filter
def csc_status(code) -> str:
    """A children's social care status code in words (the contract's csc_status values)."""
    return _CSC_STATUSES.get(code or "", words(code))


@register.inclusion_tag("web/includes/weight_chart.html")
def waterfall_chart(waterfall) -> dict:
    """The waterfall of a match (``identification.selectors.MatchWaterfall``) as inline SVG."""
    thresholds = []
    if waterfall.review_weight is not None:
        thresholds.append(
            (f"Review from {waterfall.review_probability:.0%}", waterfall.review_weight)
        )
    if waterfall.confirm_weight is not None:
        thresholds.append(
            (
                f"Accepted from {waterfall.confirm_probability:.0%}",
                waterfall.confirm_weight,
            )
        )
    chart = charts.waterfall_chart(
        prior_weight=waterfall.prior_weight,
        prior_detail=f"{one_in(waterfall.prior_probability)} pairs are the same person",
        steps=[
            charts.WaterfallStep(
                label=words(step.field),
                detail=step.agreement or "not known",
                weight=step.match_weight or 0.0,
            )
            for step in waterfall.steps
        ],
        final_detail=f"probability {percent(waterfall.final_probability)}",
        thresholds=thresholds,
    )
    return {"chart": chart}


@register.inclusion_tag("web/includes/weight_chart.html")
def level_weights_chart(comparison, weight_range) -> dict:
    """The match weight of each level of one comparison (``linkage.selectors``) as inline SVG;
    the null level carries no evidence and is left out."""
    rows = [
        (level.label[:1].upper() + level.label[1:], level.match_weight)
        for level in comparison.levels
        if level.match_weight is not None
    ]
    return {
        "chart": charts.weight_bars_chart(
            title=words(comparison.name).lower(), rows=rows, weight_range=tuple(weight_range)
        )
    }


@register.filter
def iso_date(value):
    """A date kept as ISO text (a referral's JSON) as a date, for the ``date`` filter; text that
    is not a date comes back unchanged."""
    from datetime import date

    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return value


@register.filter
def flag_code(code) -> str:
    """A screening flag's code in words: PPRC -> Person posing a risk to children."""
    from paramount.screening.models import FlagCode

    try:
        return FlagCode(code).label
    except ValueError:
        return words(code)
