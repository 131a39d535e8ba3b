"""The feed contract (``shared/spec/feeds.md``, version 1) as data and pure validation.

No Django here: each feed is a :class:`FeedSpec` listing its columns, and :func:`validate_row`
turns one CSV row into clean values, warnings about dropped optional cells, or a
:class:`RowRejected` whose message says why the row was quarantined.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

TEXT_LIMIT = 255
LONG_TEXT_LIMIT = 2000

MOVEMENT_TYPES = ("RECEPTION", "TRANSFER", "RELEASE", "RECALL")
LEGAL_STATUSES = (
    "REMAND",
    "CONVICTED_UNSENTENCED",
    "SENTENCED",
    "RECALL",
    "IMMIGRATION_DETAINEE",
    "CIVIL",
)
OFFENCE_CATEGORIES = (
    "VIOLENCE", "SEXUAL", "ROBBERY", "THEFT", "DRUGS", "WEAPONS", "PUBLIC_ORDER", "FRAUD",
    "DOMESTIC_ABUSE", "MOTORING", "OTHER",
)  # fmt: skip
SEXES = ("M", "F", "U")
CSC_STATUSES = ("NONE", "EARLY_HELP", "CIN", "CP_PLAN", "CLA", "CARE_LEAVER")
RELATIONSHIPS = (
    "MOTHER", "FATHER", "STEP_PARENT", "GRANDPARENT", "OTHER_RELATIVE", "FOSTER_CARER", "CARER", "OTHER",
)  # fmt: skip
FLAGS = ("Y", "N")

PRISON_NUMBER = re.compile(r"^[A-Z][0-9]{4}[A-Z]{2}$")
POSTCODE = re.compile(r"^([A-Z][A-HJ-Y]?[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)$")
ESTABLISHMENT = re.compile(r"^[A-Z]{3}$")
PNC = re.compile(r"^(\d{2}|\d{4})/(\d{1,7})([A-Z])$")
SCHOOL_URN = re.compile(r"^\d{6}$")
PNC_CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
NO_FIXED_ABODE = "NFA"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\r\n\t]")


class RowRejected(ValueError):
    """A required cell is missing or malformed: the whole row goes to quarantine."""


class CellInvalid(ValueError):
    """A cell does not meet its format; the message says what was wrong with it."""


# --- cell parsers: each takes a trimmed, non-empty string and returns the clean value ----------


def parse_text(value: str, limit: int = TEXT_LIMIT) -> str:
    if _CONTROL.search(value):
        raise CellInvalid("contains a control character")
    if len(value) > limit:
        raise CellInvalid(f"is {len(value)} characters long; the limit is {limit}")
    return value


def parse_long_text(value: str) -> str:
    # Free text may span lines inside a quoted cell; only other control characters are refused.
    return parse_text(value.replace("\r\n", "\n").replace("\n", " "), LONG_TEXT_LIMIT)


def parse_date(value: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise CellInvalid(f'"{value}" is not a date in YYYY-MM-DD form')
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CellInvalid(f'"{value}" is not a real date') from None


def choice(options: tuple[str, ...]) -> Callable[[str], str]:
    def parse(value: str) -> str:
        upper = value.upper()
        if upper not in options:
            raise CellInvalid(f'"{value}" is not one of {", ".join(options)}')
        return upper

    return parse


def parse_prison_number(value: str) -> str:
    upper = value.upper()
    if not PRISON_NUMBER.match(upper):
        raise CellInvalid(f'"{value}" is not a prison number like A1234BC')
    return upper


def normalise_postcode(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def parse_postcode(value: str) -> str:
    """Any spacing or case; stored in the standard form ``OX4 3TP``, or ``NFA``."""
    compact = normalise_postcode(value)
    if compact == NO_FIXED_ABODE:
        return NO_FIXED_ABODE
    if not POSTCODE.match(compact):
        raise CellInvalid(f'"{value}" is not a UK postcode')
    return f"{compact[:-3]} {compact[-3:]}"


def parse_pnc(value: str) -> str:
    """Validate the check letter and return the long form ``YYYY/NNNNNNNL``."""
    match = PNC.match(value.upper().replace(" ", ""))
    if not match:
        raise CellInvalid(f'"{value}" is not a PNC id like 2012/0394773H')
    year, serial, letter = match.groups()
    two_digit_year = year[-2:]
    expected = PNC_CHECK_LETTERS[int(two_digit_year + serial.zfill(7)) % 23]
    if letter != expected:
        raise CellInvalid(f'"{value}" has check letter {letter}, expected {expected}')
    if len(year) == 2:
        # Short-form years: the PNC dates from the 1970s, so 70–99 are 19xx, the rest 20xx.
        year = ("19" if int(year) >= 70 else "20") + year
    return f"{year}/{serial.zfill(7)}{letter}"


def parse_positive_int(value: str) -> int:
    if not re.fullmatch(r"\d+", value) or int(value) <= 0:
        raise CellInvalid(f'"{value}" is not a whole number greater than 0')
    return int(value)


def parse_establishment(value: str) -> str:
    if not ESTABLISHMENT.match(value):
        raise CellInvalid(f'"{value}" is not a 3-letter establishment code')
    return value


def parse_urn(value: str) -> str:
    if not SCHOOL_URN.match(value):
        raise CellInvalid(f'"{value}" is not a 6-digit school URN')
    return value


def parse_pipe_list(value: str) -> str:
    """``A|B|C`` with blanks removed and each part trimmed; stored joined by ``|``."""
    parsed = parse_text(value)
    return "|".join(part.strip() for part in parsed.split("|") if part.strip())


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[str], object] = parse_text
    required: bool = False
    is_birth_date: bool = False


@dataclass(frozen=True)
class FeedSpec:
    name: str
    cli_name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    row_checks: tuple[Callable[[dict], None], ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


def _legal_status_for_receptions(row: dict) -> None:
    if row["movement_type"] in ("RECEPTION", "RECALL") and not row.get("legal_status"):
        raise RowRejected(f"legal_status is required for a {row['movement_type']}")


def _not_own_relative(row: dict) -> None:
    if row["adult_record_id"] == row["child_record_id"]:
        raise RowRejected(
            "a record cannot be its own parent or carer (adult_record_id = child_record_id)"
        )


PRISON_MOVEMENTS = FeedSpec(
    name="prison_movements",
    cli_name="prison-movements",
    key=("movement_id",),
    columns=(
        Column("movement_id", required=True),
        Column("movement_type", choice(MOVEMENT_TYPES), required=True),
        Column("movement_date", parse_date, required=True),
        Column("prison_number", parse_prison_number, required=True),
        Column("pnc_id", parse_pnc),
        Column("first_name", required=True),
        Column("middle_names"),
        Column("last_name", required=True),
        Column("aliases", parse_pipe_list),
        Column("date_of_birth", parse_date, required=True, is_birth_date=True),
        Column("sex", choice(SEXES)),
        Column("establishment_code", parse_establishment, required=True),
        Column("establishment_name"),
        Column("legal_status", choice(LEGAL_STATUSES)),
        Column("offence_category", choice(OFFENCE_CATEGORIES)),
        Column("offence_description", parse_long_text),
        Column("pprc_flag", choice(FLAGS)),
        Column("sentence_length_days", parse_positive_int),
        Column("release_date", parse_date),
        Column("parole_eligibility_date", parse_date),
        Column("address_line_1"),
        Column("address_line_2"),
        Column("town"),
        Column("postcode", parse_postcode),
        Column("declared_children", choice(FLAGS)),
    ),
    row_checks=(_legal_status_for_receptions,),
)

PEOPLE = FeedSpec(
    name="people",
    cli_name="people",
    key=("source", "record_id"),
    columns=(
        Column("source", required=True),
        Column("record_id", required=True),
        Column("first_name", required=True),
        Column("middle_names"),
        Column("last_name", required=True),
        Column("previous_last_names", parse_pipe_list),
        Column("date_of_birth", parse_date, is_birth_date=True),
        Column("sex", choice(SEXES)),
        Column("address_line_1"),
        Column("address_line_2"),
        Column("town"),
        Column("postcode", parse_postcode),
        Column("phone"),
        Column("csc_status", choice(CSC_STATUSES)),
        Column("allocated_worker"),
        Column("school_urn", parse_urn),
        Column("updated_at", parse_date),
    ),
)

RELATIONSHIPS_FEED = FeedSpec(
    name="relationships",
    cli_name="relationships",
    key=("source", "adult_record_id", "child_record_id"),
    columns=(
        Column("source", required=True),
        Column("adult_record_id", required=True),
        Column("child_record_id", required=True),
        Column("relationship", choice(RELATIONSHIPS), required=True),
        Column("parental_responsibility", choice(FLAGS)),
        Column("lives_with_child", choice(FLAGS)),
    ),
    row_checks=(_not_own_relative,),
)

FEEDS = {spec.cli_name: spec for spec in (PRISON_MOVEMENTS, PEOPLE, RELATIONSHIPS_FEED)}
FEEDS_BY_NAME = {spec.name: spec for spec in FEEDS.values()}


@dataclass(frozen=True)
class CellWarning:
    column: str
    message: str


def validate_row(
    spec: FeedSpec, raw: dict[str, str | None], today: date
) -> tuple[dict, list[CellWarning]]:
    """Clean one row. Raises :class:`RowRejected` when a required cell is missing or malformed.

    ``raw`` maps contract column names to the cell text (``None`` when the row was short).
    Returns the clean values (``None`` for not known) and a warning for each optional cell that
    was malformed and dropped.
    """
    clean: dict[str, object] = {}
    warnings: list[CellWarning] = []
    for column in spec.columns:
        text = (raw.get(column.name) or "").strip()
        if not text:
            if column.required:
                raise RowRejected(f"{column.name} is missing")
            clean[column.name] = None
            continue
        try:
            value = column.parse(text)
            if column.is_birth_date and value > today:
                raise CellInvalid(f'"{text}" is later than today ({today.isoformat()})')
        except CellInvalid as problem:
            if column.required:
                raise RowRejected(f"{column.name} {problem}") from None
            warnings.append(
                CellWarning(column.name, f"{column.name} {problem}; value dropped, row kept")
            )
            value = None
        clean[column.name] = value
    for check in spec.row_checks:
        check(clean)
    return clean, warnings
