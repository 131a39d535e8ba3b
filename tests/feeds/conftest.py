import pytest


@pytest.fixture
def write_csv(tmp_path):
    """Write text (or bytes) to a CSV file in a temporary folder and return its path."""

    def write(content, name="feed.csv"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        return path

    return write


PEOPLE_HEADER = "source,record_id,first_name,middle_names,last_name,previous_last_names,date_of_birth,sex,address_line_1,address_line_2,town,postcode,phone,csc_status,allocated_worker,school_urn,updated_at\n"
MOVEMENTS_HEADER = "movement_id,movement_type,movement_date,prison_number,pnc_id,first_name,middle_names,last_name,aliases,date_of_birth,sex,establishment_code,establishment_name,legal_status,offence_category,offence_description,pprc_flag,sentence_length_days,release_date,parole_eligibility_date,address_line_1,address_line_2,town,postcode,declared_children\n"
RELATIONSHIPS_HEADER = (
    "source,adult_record_id,child_record_id,relationship,parental_responsibility,lives_with_child\n"
)


def person_row(
    record_id="C1",
    first="Ada",
    last="Quill",
    dob="2015-03-04",
    postcode="OX4 3TP",
    source="OXON_CSC",
    **extra,
):
    values = {
        "source": source, "record_id": record_id, "first_name": first, "middle_names": "", "last_name": last,
        "previous_last_names": "", "date_of_birth": dob, "sex": "F", "address_line_1": "1 Test Street",
        "address_line_2": "", "town": "Oxford", "postcode": postcode, "phone": "", "csc_status": "",
        "allocated_worker": "", "school_urn": "", "updated_at": "",
    }  # fmt: skip
    values.update(extra)
    return ",".join(_quote(values[c]) for c in PEOPLE_HEADER.strip().split(",")) + "\n"


def movement_row(movement_id="M1", movement_type="RECEPTION", **extra):
    values = {
        "movement_id": movement_id, "movement_type": movement_type, "movement_date": "2026-11-20",
        "prison_number": "A1234BC", "pnc_id": "", "first_name": "Bram", "middle_names": "", "last_name": "Quill",
        "aliases": "", "date_of_birth": "1985-06-07", "sex": "M", "establishment_code": "BNI",
        "establishment_name": "HMP Bullingdon", "legal_status": "REMAND", "offence_category": "", "offence_description": "",
        "pprc_flag": "", "sentence_length_days": "", "release_date": "", "parole_eligibility_date": "",
        "address_line_1": "", "address_line_2": "", "town": "", "postcode": "", "declared_children": "",
    }  # fmt: skip
    values.update(extra)
    return ",".join(_quote(values[c]) for c in MOVEMENTS_HEADER.strip().split(",")) + "\n"


def _quote(value: str) -> str:
    if any(ch in value for ch in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value
