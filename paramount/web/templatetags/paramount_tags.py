"""Small formatting helpers shared by Paramount's templates."""

import math

from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse

from paramount.access.selectors import Permission, has_permission

register = template.Library()

_BAND_TAG = {"CONFIRMED": "govuk-tag--green", "REVIEW": "govuk-tag--yellow"}
_BATCH_STATUS_TAG = {"INGESTED": "govuk-tag--green", "REJECTED": "govuk-tag--red"}


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


# The primary navigation: (label, URL name, URL namespace it covers, permission needed).
_NAVIGATION = (
    ("Worklist", "identification:worklist", "identification", Permission.VIEW_IDENTIFICATIONS),
    ("Feeds", "feeds:batches", "feeds", Permission.VIEW_FEEDS),
)


@register.simple_tag(takes_context=True)
def primary_navigation(context) -> list[dict]:
    """The navigation items the signed-in user's role may use, the current one marked."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    return [
        {"text": text, "href": reverse(url_name), "active": namespace == section}
        for text, url_name, section, permission in _NAVIGATION
        if has_permission(user, permission)
    ]


@register.simple_tag
def synthetic_data() -> bool:
    """Whether to say, in the phase banner, that every person shown is made up.

    True unless a deployment holding real data sets ``PARAMOUNT_REAL_DATA = True``.
    """
    return not getattr(settings, "PARAMOUNT_REAL_DATA", False)


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
