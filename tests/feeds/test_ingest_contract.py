"""Every rule of the feed contract (shared/spec/feeds.md), exercised through the ingest service."""

from datetime import date

import pytest

from paramount.feeds.models import (
    Batch,
    IngestWarning,
    PersonRecord,
    PrisonMovement,
    QuarantinedRow,
    RecordHistory,
    Relationship,
)
from paramount.feeds.selectors import unresolved_relationships
from paramount.feeds.services import FeedRejected, feed_ingest

from .conftest import (
    MOVEMENTS_HEADER,
    PEOPLE_HEADER,
    RELATIONSHIPS_HEADER,
    movement_row,
    person_row,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def ingest(feed, path):
    return feed_ingest(feed=feed, path=path, today=TODAY)


def reasons(batch):
    return {q.row_number: q.reason for q in QuarantinedRow.objects.filter(batch=batch)}


def assert_rows_add_up(batch):
    assert batch.rows == batch.new + batch.updated + batch.unchanged + batch.quarantined


def test_bom_crlf_and_free_column_order_are_accepted(write_csv):
    text = "\ufefflast_name,first_name,record_id,source,date_of_birth\r\nQuill,Ada,C1,OXON_CSC,2015-03-04\r\n"
    batch = ingest("people", write_csv(text))
    assert (batch.rows, batch.new) == (1, 1)
    record = PersonRecord.objects.get()
    assert (record.first_name, record.last_name, record.date_of_birth) == (
        "Ada",
        "Quill",
        date(2015, 3, 4),
    )


def test_unknown_columns_are_ignored_and_reported_once(write_csv):
    text = "source,record_id,first_name,last_name,shoe_size,notes\nS,1,Ada,Quill,5,x\nS,2,Bo,Quill,6,y\n"
    batch = ingest("people", write_csv(text))
    assert batch.new == 2
    notes = IngestWarning.objects.filter(batch=batch)
    assert [w.message for w in notes] == ["unknown column(s) ignored: shoe_size, notes"]
    assert batch.warnings == 1


def test_missing_required_column_rejects_the_whole_file(write_csv):
    with pytest.raises(FeedRejected) as rejected:
        ingest("people", write_csv("source,first_name,last_name\nS,Ada,Quill\n"))
    assert "record_id" in str(rejected.value)
    assert PersonRecord.objects.count() == 0
    assert Batch.objects.get().status == "REJECTED"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\n\n", "empty"),
        (b",,,\nS,1,Ada,Quill\n", "no header row"),
        (b"source,record_id,first_name,last_name\nS,1,Ada,Qu\xffill\n", "line 2: not valid UTF-8"),
        (
            b'source,record_id,first_name,last_name\nS,1,Ada,Quill\nS,2,"Bo,Quill\n',
            "line 3: cannot be parsed as CSV",
        ),
    ],
)
def test_unreadable_files_are_rejected_naming_the_line(write_csv, content, reason):
    with pytest.raises(FeedRejected) as rejected:
        ingest("people", write_csv(content))
    assert reason in str(rejected.value)
    assert PersonRecord.objects.count() == 0


def test_bad_row_after_good_rows_rejects_nothing_partially(write_csv):
    """A CSV error late in the file rolls back the rows before it: nothing ingested."""
    content = PEOPLE_HEADER + person_row("C1") + person_row("C2") + 'OXON_CSC,C3,"Ada\n'
    with pytest.raises(FeedRejected):
        ingest("people", write_csv(content))
    assert PersonRecord.objects.count() == 0


def test_header_only_file_is_accepted_with_zero_rows(write_csv):
    batch = ingest("people", write_csv(PEOPLE_HEADER))
    assert (batch.status, batch.rows) == ("INGESTED", 0)


def test_malformed_required_field_quarantines_the_row_with_its_number(write_csv):
    content = (
        MOVEMENTS_HEADER
        + movement_row("M1")
        + movement_row("M2", movement_date="2023-02-30")
        + movement_row("M3")
    )
    batch = ingest("prison-movements".replace("-", "_"), write_csv(content))
    assert (batch.rows, batch.new, batch.quarantined) == (3, 2, 1)
    assert reasons(batch) == {3: 'movement_date "2023-02-30" is not a real date'}
    assert set(PrisonMovement.objects.values_list("movement_id", flat=True)) == {"M1", "M3"}
    assert_rows_add_up(batch)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"movement_id": ""}, "movement_id is missing"),
        ({"movement_type": "ESCAPE"}, "movement_type"),
        ({"prison_number": "12345"}, "prison_number"),
        ({"date_of_birth": "2030-01-01"}, "later than today"),
        ({"date_of_birth": "07/06/1985"}, "YYYY-MM-DD"),
        ({"establishment_code": "bn"}, "establishment_code"),
        ({"legal_status": ""}, "legal_status is required for a RECEPTION"),
        ({"first_name": "Bra\x07m"}, "control character"),
        ({"last_name": "x" * 256}, "256 characters"),
    ],
)
def test_each_required_field_rule_quarantines(write_csv, change, expected):
    batch = ingest(
        "prison_movements",
        write_csv(MOVEMENTS_HEADER + movement_row(**({"movement_id": "M1"} | change))),
    )
    assert batch.quarantined == 1
    assert expected in reasons(batch)[2]


def test_legal_status_may_be_empty_for_transfers(write_csv):
    batch = ingest(
        "prison_movements",
        write_csv(MOVEMENTS_HEADER + movement_row("M1", movement_type="TRANSFER", legal_status="")),
    )
    assert batch.new == 1


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"pnc_id": "2012/0394773A"}, "pnc_id"),
        ({"sex": "X"}, "sex"),
        ({"pprc_flag": "yes"}, "pprc_flag"),
        ({"sentence_length_days": "0"}, "sentence_length_days"),
        ({"release_date": "2027-13-01"}, "release_date"),
        ({"postcode": "NOT A PC"}, "postcode"),
        ({"offence_category": "ARSON!"}, "offence_category"),
    ],
)
def test_malformed_optional_field_is_dropped_with_a_warning_and_the_row_kept(
    write_csv, change, column
):
    batch = ingest("prison_movements", write_csv(MOVEMENTS_HEADER + movement_row("M1", **change)))
    assert (batch.new, batch.quarantined, batch.warnings) == (1, 0, 1)
    assert getattr(PrisonMovement.objects.get(), column) is None
    warning = IngestWarning.objects.get(batch=batch)
    assert (warning.row_number, warning.column) == (2, column)
    assert "value dropped, row kept" in warning.message


def test_pnc_check_letter_is_validated_and_short_form_normalised(write_csv):
    content = (
        MOVEMENTS_HEADER
        + movement_row("M1", pnc_id="12/394773H")
        + movement_row("M2", pnc_id="2012/0394773H")
    )
    batch = ingest("prison_movements", write_csv(content))
    assert batch.warnings == 0
    assert set(PrisonMovement.objects.values_list("pnc_id", flat=True)) == {"2012/0394773H"}


def test_postcodes_any_spacing_or_case_and_no_fixed_abode(write_csv):
    content = (
        MOVEMENTS_HEADER
        + movement_row("M1", postcode="ox43tp")
        + movement_row("M2", postcode=" nfa ")
    )
    ingest("prison_movements", write_csv(content))
    assert dict(PrisonMovement.objects.values_list("movement_id", "postcode")) == {
        "M1": "OX4 3TP",
        "M2": "NFA",
    }


def test_people_date_of_birth_in_the_future_is_dropped_not_quarantined(write_csv):
    batch = ingest("people", write_csv(PEOPLE_HEADER + person_row(dob="2027-01-01")))
    assert (batch.new, batch.warnings) == (1, 1)
    assert PersonRecord.objects.get().date_of_birth is None


def test_names_in_every_form_are_kept_as_they_came(write_csv):
    names = ["O'Neill", "O’Neill", "Nguyễn", "Smith-Jones", "Zoë", "SINGH"]
    content = PEOPLE_HEADER + "".join(
        person_row(f"C{i}", last=name) for i, name in enumerate(names)
    )
    ingest("people", write_csv(content))
    assert sorted(PersonRecord.objects.values_list("last_name", flat=True)) == sorted(names)


def test_formula_and_markup_cells_are_stored_as_they_came(write_csv):
    formula = '=HYPERLINK("http://example.invalid","x")'
    content = PEOPLE_HEADER + person_row("C1", first=formula, last="<script>alert(1)</script>")
    ingest("people", write_csv(content))
    record = PersonRecord.objects.get()
    assert (record.first_name, record.last_name) == (formula, "<script>alert(1)</script>")


def test_long_offence_description_and_surrounding_spaces(write_csv):
    content = MOVEMENTS_HEADER + movement_row(
        "M1", offence_description="d" * 2000, first_name="  Bram  "
    )
    batch = ingest("prison_movements", write_csv(content))
    assert batch.new == 1
    movement = PrisonMovement.objects.get()
    assert (len(movement.offence_description), movement.first_name) == (2000, "Bram")


def test_resending_the_same_file_changes_nothing(write_csv):
    path = write_csv(
        PEOPLE_HEADER
        + person_row("C1")
        + person_row("C2", dob="bad")
        + person_row("C1", first="Adah")
    )
    first = ingest("people", path)
    assert (first.new, first.updated, first.quarantined) == (2, 1, 0)
    before = list(PersonRecord.objects.values())
    history = RecordHistory.objects.count()
    again = ingest("people", path)
    assert (again.new, again.updated, again.unchanged, again.quarantined) == (0, 0, 3, 0)
    assert list(PersonRecord.objects.values()) == before
    assert RecordHistory.objects.count() == history


def test_a_row_already_received_in_another_file_is_unchanged(write_csv):
    ingest("people", write_csv(PEOPLE_HEADER + person_row("C1"), "a.csv"))
    batch = ingest(
        "people", write_csv(PEOPLE_HEADER + person_row("C1") + person_row("C2"), "b.csv")
    )
    assert (batch.new, batch.unchanged) == (1, 1)


def test_an_update_is_kept_with_its_history(write_csv):
    first = ingest(
        "people", write_csv(PEOPLE_HEADER + person_row("C1", postcode="OX4 3TP"), "a.csv")
    )
    second = ingest(
        "people", write_csv(PEOPLE_HEADER + person_row("C1", postcode="OX1 1AA"), "b.csv")
    )
    assert second.updated == 1
    record = PersonRecord.objects.get()
    assert (record.postcode, record.batch_id, record.first_batch_id) == (
        "OX1 1AA",
        second.pk,
        first.pk,
    )
    history = RecordHistory.objects.get()
    assert (
        history.content["postcode"],
        history.content_batch_id,
        history.replaced_by_batch_id,
    ) == (
        "OX4 3TP",
        first.pk,
        second.pk,
    )


def test_later_row_in_the_same_file_updates_the_earlier(write_csv):
    content = PEOPLE_HEADER + person_row("C1", first="Ada") + person_row("C1", first="Adah")
    batch = ingest("people", write_csv(content))
    assert (batch.rows, batch.new, batch.updated) == (2, 1, 1)
    assert PersonRecord.objects.get().first_name == "Adah"
    assert RecordHistory.objects.get().content["first_name"] == "Ada"


def test_row_with_wrong_number_of_cells_is_quarantined(write_csv):
    content = "source,record_id,first_name,last_name\nS,1,Ada,Quill\nS,2,Bo\nS,3,Cy,Quill,extra\n"
    batch = ingest("people", write_csv(content))
    assert (batch.new, batch.quarantined) == (1, 2)
    assert reasons(batch) == {
        3: "row has 3 cells but the header has 4",
        4: "row has 5 cells but the header has 4",
    }
    kept = QuarantinedRow.objects.get(row_number=4)
    assert kept.raw["_cells"] == ["S", "3", "Cy", "Quill", "extra"]


def test_relationship_before_its_people_is_kept_and_listed_unresolved(write_csv):
    rels = RELATIONSHIPS_HEADER + "OXON_CSC,A1,C1,MOTHER,Y,Y\n"
    batch = ingest("relationships", write_csv(rels, "r.csv"))
    assert batch.new == 1
    assert list(unresolved_relationships()) == list(Relationship.objects.all())
    ingest(
        "people",
        write_csv(PEOPLE_HEADER + person_row("A1", dob="1980-01-01") + person_row("C1"), "p.csv"),
    )
    assert not unresolved_relationships().exists()


def test_relationship_of_a_record_to_itself_is_quarantined(write_csv):
    batch = ingest(
        "relationships", write_csv(RELATIONSHIPS_HEADER + "S,A1,A1,MOTHER,,\nS,A1,C1,UNCLE,,\n")
    )
    assert batch.quarantined == 2
    assert "its own parent" in reasons(batch)[2]
    assert "relationship" in reasons(batch)[3]


def test_flags_accept_only_y_n_or_empty(write_csv):
    batch = ingest("relationships", write_csv(RELATIONSHIPS_HEADER + "S,A1,C1,FATHER,maybe,n\n"))
    assert (batch.new, batch.warnings) == (1, 1)
    rel = Relationship.objects.get()
    assert (rel.parental_responsibility, rel.lives_with_child) == (None, "N")


def test_every_batch_records_its_provenance(write_csv):
    path = write_csv(PEOPLE_HEADER + person_row("C1"))
    batch = ingest("people", path)
    import hashlib

    assert batch.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert batch.received_at is not None
    record = PersonRecord.objects.get()
    assert (record.batch_id, record.row_number) == (batch.pk, 2)
