"""Paramount's own configuration: areas, thresholds, deadlines, the referral partner and the
controllers of the data, loaded once and validated.

Configuration is data. The default file sits beside this module; ``PARAMOUNT_CONFIG`` names
another. Nothing else in the code holds area lists or thresholds.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_CONFIG = Path(__file__).with_name("default.toml")

_AREA_CODE = re.compile(r"^[A-Z]{1,2}$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


class ConfigError(ValueError):
    """The configuration file is not usable; the message says which entry and why."""


@dataclass(frozen=True)
class Area:
    name: str
    local_authority_code: str
    postcodes: tuple[str, ...]


@dataclass(frozen=True)
class IdentificationSettings:
    confirm_threshold: float
    review_threshold: float
    resolve_threshold: float
    review_when_address_differs: bool
    review_when_unverified: bool
    review_when_name_only: bool
    drop_name_only_elsewhere: bool
    adult_relationships: tuple[str, ...]
    age_limit_years: int


@dataclass(frozen=True)
class DeadlineSettings:
    """Working days from identification by which each step should be done."""

    screening_working_days: int
    first_contact_working_days: int
    referral_decision_working_days: int


@dataclass(frozen=True)
class ReferralSettings:
    partner_organisation: str
    self_referral_attempts_per_hour: int


@dataclass(frozen=True)
class SupportSettings:
    """The partner organisation's timescales, in calendar days (``[support]``)."""

    # How long before an expected release the pre-release planning task falls due.
    pre_release_planning_days: int = 56
    # The default review date of a new support plan, and the follow-up after closure.
    plan_review_days: int = 84
    follow_up_days: int = 90


@dataclass(frozen=True)
class RetentionSettings:
    """How many days each named category of data is kept (``[retention]``).

    A tuple of pairs, not a dict, so the configuration stays hashable and frozen.
    """

    periods: tuple[tuple[str, int], ...]

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.periods)

    def days(self, category: str) -> int:
        for name, days in self.periods:
            if name == category:
                return days
        raise KeyError(f"no retention period configured for {category!r}")


DEFAULT_RETENTION = RetentionSettings(
    (
        ("source_records", 730),
        ("quarantine", 90),
        ("feed_operations", 730),
        ("linkage_models", 1095),
        ("identification_records", 730),
        ("case_records", 2190),
        ("support_records", 2190),
        ("rate_limit", 1),
        ("staff_accounts", 365),
        ("audit_trail", 2190),
        ("subject_access", 2190),
        ("aggregate_counts", 36500),
        ("open_case_backstop", 365),
        ("open_support_backstop", 730),
    )
)


@dataclass(frozen=True)
class Controller:
    """A controller of the data, for the record of processing (``[controllers.<key>]``)."""

    key: str
    name: str
    role: str
    contact: str
    dpo: str
    dpo_contact: str

    def __str__(self) -> str:
        return self.name


CONTROLLER_FIELDS = ("name", "role", "contact", "dpo", "dpo_contact")
# The keys the registry's processing activities name (paramount/privacy/registry.py).
CONTROLLER_KEYS = ("police", "partner")

DEFAULT_CONTROLLERS = (
    Controller(
        key="police",
        name="Thames Valley Police (Violence Reduction Unit)",
        role="controller for identification, screening, outreach and referral",
        contact="Information Management, Thames Valley Police; "
        "information.management@police.example",
        dpo="Data Protection Officer, Thames Valley Police",
        dpo_contact="dpo@police.example",
    ),
    Controller(
        key="partner",
        name="Children Heard and Seen",
        role="separate controller for the referrals it receives and the support it gives",
        contact="Children Heard and Seen; privacy@charity.example",
        dpo="Data Protection Lead, Children Heard and Seen",
        dpo_contact="dpo@charity.example",
    ),
)


def _load_controllers(path: Path, raw: dict) -> tuple[Controller, ...]:
    """``[controllers.police]`` and ``[controllers.partner]``: each names the controller, its
    contact, its data protection officer and how to reach them, all non-empty text."""
    if "controllers" not in raw:
        return DEFAULT_CONTROLLERS
    table = raw["controllers"]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [controllers] must hold [controllers.police] and .partner")
    missing = [key for key in CONTROLLER_KEYS if key not in table]
    if missing:
        raise ConfigError(
            f"{path}: [controllers] needs [controllers.{missing[0]}] (the record of processing "
            f"names a controller for each of {', '.join(CONTROLLER_KEYS)})"
        )
    controllers = []
    for key, entry in table.items():
        if key not in CONTROLLER_KEYS:
            raise ConfigError(
                f"{path}: [controllers.{key}] is not one of {', '.join(CONTROLLER_KEYS)}"
            )
        values = {}
        for name in CONTROLLER_FIELDS:
            value = entry.get(name) if isinstance(entry, dict) else None
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(
                    f"{path}: [controllers.{key}] {name} must be given (text): the record of "
                    "processing needs each controller's name, role, contact and data protection "
                    "officer"
                )
            values[name] = value.strip()
        controllers.append(Controller(key=key, **values))
    return tuple(sorted(controllers, key=lambda c: CONTROLLER_KEYS.index(c.key)))


_RETENTION_CATEGORY = re.compile(r"^[a-z][a-z_]*$")


def _load_retention(path: Path, raw: dict) -> RetentionSettings:
    """The ``[retention]`` table: category name = whole days, each at least 1."""
    if "retention" not in raw:
        return DEFAULT_RETENTION
    table = raw["retention"]
    if not isinstance(table, dict) or not table:
        raise ConfigError(f"{path}: [retention] must name at least one category = days")
    periods = []
    for name, days in table.items():
        if not _RETENTION_CATEGORY.match(name):
            raise ConfigError(f"{path}: [retention] {name!r} is not a category name (a_z and _)")
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise ConfigError(
                f"{path}: [retention] {name} = {days!r}: give a whole number of days, at least 1"
            )
        periods.append((name, days))
    return RetentionSettings(tuple(periods))


@dataclass(frozen=True)
class Config:
    areas: tuple[Area, ...]
    identification: IdentificationSettings
    deadlines: DeadlineSettings = DeadlineSettings(1, 3, 10)
    referral: ReferralSettings = ReferralSettings("Children Heard and Seen", 5)
    retention: RetentionSettings = DEFAULT_RETENTION
    support: SupportSettings = SupportSettings()
    controllers: tuple[Controller, ...] = DEFAULT_CONTROLLERS

    def controller(self, key: str) -> Controller:
        for controller in self.controllers:
            if controller.key == key:
                return controller
        raise KeyError(f"no controller {key!r} in [controllers]")

    def area_for_postcode(self, postcode: str | None) -> str | None:
        """The participating area a normalised postcode falls in, or None.

        A district entry (``OX1``) matches exactly that outward code, so ``OX1`` does not take
        ``OX10``; an area entry (``OX``, ``B``) matches every district of that postcode area.
        The most specific entry wins, so Oxford takes OX1–OX4 before Oxfordshire takes ``OX``.
        """
        if not postcode or len(postcode) < 5:
            return None
        outward = postcode[:-3]
        letters = re.match(r"^[A-Z]+", outward)
        return _district_index(self).get(outward) or _area_index(self).get(
            letters.group(0) if letters else ""
        )


@lru_cache(maxsize=8)
def _district_index(config: Config) -> dict[str, str]:
    return {p: a.name for a in config.areas for p in a.postcodes if _DISTRICT.match(p)}


@lru_cache(maxsize=8)
def _area_index(config: Config) -> dict[str, str]:
    return {p: a.name for a in config.areas for p in a.postcodes if _AREA_CODE.match(p)}


def load(path: str | Path | None = None) -> Config:
    """Read and validate a configuration file (the default one if no path is given)."""
    path = Path(path) if path else DEFAULT_CONFIG
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read configuration: {error}") from error

    areas = []
    seen_postcodes: dict[str, str] = {}
    for index, entry in enumerate(raw.get("areas", []), start=1):
        try:
            name = str(entry["name"]).strip()
            code = str(entry["local_authority_code"]).strip()
            postcodes = tuple(str(p).strip().upper().replace(" ", "") for p in entry["postcodes"])
        except (KeyError, TypeError) as error:
            raise ConfigError(
                f"{path}: area {index} needs name, local_authority_code and postcodes"
            ) from error
        for postcode in postcodes:
            if not (_AREA_CODE.match(postcode) or _DISTRICT.match(postcode)):
                raise ConfigError(
                    f"{path}: area {name!r}: {postcode!r} is not a postcode area or district"
                )
            if postcode in seen_postcodes:
                raise ConfigError(
                    f"{path}: {postcode} is claimed by both {seen_postcodes[postcode]!r} and {name!r}"
                )
            seen_postcodes[postcode] = name
        areas.append(Area(name=name, local_authority_code=code, postcodes=postcodes))
    if not areas:
        raise ConfigError(f"{path}: no [[areas]] configured")

    ident = raw.get("identification", {})
    settings = IdentificationSettings(
        confirm_threshold=float(ident.get("confirm_threshold", 0.99)),
        review_threshold=float(ident.get("review_threshold", 0.9)),
        resolve_threshold=float(ident.get("resolve_threshold", 0.99)),
        review_when_address_differs=bool(ident.get("review_when_address_differs", True)),
        review_when_unverified=bool(ident.get("review_when_unverified", True)),
        review_when_name_only=bool(ident.get("review_when_name_only", True)),
        drop_name_only_elsewhere=bool(ident.get("drop_name_only_elsewhere", False)),
        adult_relationships=tuple(
            ident.get("adult_relationships", ("MOTHER", "FATHER", "STEP_PARENT"))
        ),
        age_limit_years=int(ident.get("age_limit_years", 18)),
    )
    if not 0 < settings.review_threshold <= settings.confirm_threshold < 1:
        raise ConfigError(f"{path}: need 0 < review_threshold <= confirm_threshold < 1")

    raw_deadlines = raw.get("deadlines", {})
    try:
        deadlines = DeadlineSettings(
            screening_working_days=int(raw_deadlines.get("screening_working_days", 1)),
            first_contact_working_days=int(raw_deadlines.get("first_contact_working_days", 3)),
            referral_decision_working_days=int(
                raw_deadlines.get("referral_decision_working_days", 10)
            ),
        )
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{path}: [deadlines] must be whole numbers of working days") from error
    if not (
        0
        <= deadlines.screening_working_days
        <= deadlines.first_contact_working_days
        <= deadlines.referral_decision_working_days
    ):
        raise ConfigError(
            f"{path}: [deadlines] need 0 <= screening <= first contact <= referral decision"
        )

    raw_referral = raw.get("referral", {})
    referral = ReferralSettings(
        partner_organisation=str(
            raw_referral.get("partner_organisation", "Children Heard and Seen")
        ).strip(),
        self_referral_attempts_per_hour=int(raw_referral.get("self_referral_attempts_per_hour", 5)),
    )
    if not referral.partner_organisation or referral.self_referral_attempts_per_hour < 1:
        raise ConfigError(
            f"{path}: [referral] needs a partner_organisation and at least 1 attempt per hour"
        )
    return Config(
        areas=tuple(areas),
        identification=settings,
        deadlines=deadlines,
        referral=referral,
        retention=_load_retention(path, raw),
        support=_load_support(path, raw),
        controllers=_load_controllers(path, raw),
    )


def _load_support(path: Path, raw: dict) -> SupportSettings:
    table = raw.get("support", {})
    defaults = SupportSettings()
    values = {}
    for name in ("pre_release_planning_days", "plan_review_days", "follow_up_days"):
        value = table.get(name, getattr(defaults, name))
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"{path}: [support] {name} = {value!r}: give whole days, at least 1")
        values[name] = value
    return SupportSettings(**values)


@lru_cache(maxsize=1)
def current() -> Config:
    """The configuration named by Django's ``PARAMOUNT_CONFIG_FILE`` setting."""
    from django.conf import settings

    return load(getattr(settings, "PARAMOUNT_CONFIG_FILE", None))
