"""Which band a match goes to, and the reason an analyst is shown when a sure match still needs
a person (the band rules of :mod:`paramount.linkage.engine.bands`, as configured)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from paramount import config
from paramount.identification.models import MatchBand
from paramount.identification.services import match_band_for, review_reason
from paramount.linkage.engine import FieldEvidence, PersonMatch
from paramount.linkage.engine.link import HOME_AGREEMENT, HOME_FIELD


def match(probability: float, **agreements: str) -> PersonMatch:
    fields = {
        "first_name": "exact",
        "last_name": "exact",
        "date_of_birth": "exact",
        "address": "same postcode and street address",
        **agreements,
    }
    return PersonMatch(
        movement_id="M1",
        person_key="P1",
        probability=probability,
        best_record="OXON_CSC:1",
        records=("OXON_CSC:1",),
        fields=tuple(FieldEvidence(name, "", "", value, 1.0) for name, value in fields.items()),
        runner_up_probability=None,
    )


@pytest.fixture
def settings():
    return config.current().identification


@pytest.mark.parametrize(
    ("agreements", "band"),
    [
        # Only the name: a namesake shares that and nothing else.
        ({"date_of_birth": "not known", "address": "not known"}, MatchBand.REVIEW),
        ({"date_of_birth": "different", "address": "different"}, MatchBand.REVIEW),
        # The date of birth or an address agrees as well: sure.
        ({"date_of_birth": "not known", "address": "same postcode"}, MatchBand.CONFIRMED),
        ({"date_of_birth": "one digit different", "address": "not known"}, MatchBand.CONFIRMED),
        ({"date_of_birth": "exact", "address": "not known"}, MatchBand.CONFIRMED),
    ],
)
def test_a_sure_match_on_the_name_alone_goes_to_review(settings, agreements, band):
    sure = match(0.9999, **agreements)
    assert match_band_for(sure, settings) == band
    if band == MatchBand.REVIEW:
        assert review_reason(sure, settings) == (
            "only the name agrees: neither the date of birth nor an address does"
        )


def test_a_sure_match_with_its_address_agreeing_is_confirmed(settings):
    sure = match(0.999)
    assert match_band_for(sure, settings) == MatchBand.CONFIRMED
    assert review_reason(sure, settings) == ""


def test_below_the_confirm_threshold_is_review_with_no_extra_reason(settings):
    unsure = match(settings.confirm_threshold - 0.01)
    assert match_band_for(unsure, settings) == MatchBand.REVIEW
    assert review_reason(unsure, settings) == ""


@pytest.mark.parametrize(
    ("agreements", "words"),
    [
        ({"address": "different", "declared_children": "said they have none"}, "did not say"),
        ({"address": "different"}, "did not say they have children"),
        ({"address": "not known", "last_name": "one letter different"}, "surnames"),
        (
            {"address": "not known", "declared_children": "said they have none"},
            "said they have no children",
        ),
        # Found at the home of the local person the prisoner surely is, not an address he gave.
        (
            {"address": "not known", HOME_FIELD: "same postcode " + HOME_AGREEMENT},
            "another local person the prisoner was matched to",
        ),
    ],
)
def test_a_sure_match_goes_to_review_when_little_but_a_name_and_date_agree(
    settings, agreements, words
):
    sure = match(0.9999, **agreements)
    assert match_band_for(sure, settings) == MatchBand.REVIEW
    assert words in review_reason(sure, settings)


def test_a_sure_match_at_the_home_of_another_person_goes_to_review_by_default(settings):
    sure = match(0.9999, address="not known", **{HOME_FIELD: "same postcode " + HOME_AGREEMENT})
    assert "another local person" in review_reason(sure, settings)


def test_no_address_to_check_is_enough_when_the_rest_agrees(settings):
    sure = match(0.9999, address="not known", declared_children="said they have children")
    assert match_band_for(sure, settings) == MatchBand.CONFIRMED


def with_prison(probability: float, prison_weight: float, **agreements: str) -> PersonMatch:
    plain = match(probability, **agreements)
    prison = FieldEvidence("establishment", "BNI", "lives in OX", "", prison_weight)
    return PersonMatch(**{**plain.__dict__, "fields": (*plain.fields, prison)})


def test_no_address_but_received_where_local_people_are_received_outweighs_a_denial(settings):
    sure = with_prison(0.9999, 1.2, address="not known", declared_children="said they have none")
    assert match_band_for(sure, settings) == MatchBand.CONFIRMED


def test_a_local_prison_does_not_stand_in_for_an_address_when_the_surname_is_approximate(
    settings,
):
    sure = with_prison(0.9999, 1.2, address="not known", last_name="one letter different")
    assert match_band_for(sure, settings) == MatchBand.REVIEW
    assert "surnames" in review_reason(sure, settings)


def test_no_address_a_prison_far_from_home_and_no_children_said_goes_to_review(settings):
    sure = with_prison(0.9999, -2.0, address="not known", declared_children="said they have none")
    assert match_band_for(sure, settings) == MatchBand.REVIEW
    assert "no children" in review_reason(sure, settings)


def test_an_address_that_differs_is_outweighed_by_children_declared(settings):
    # People move and prisoners give old or other people's addresses: with the date of birth
    # agreeing and the prisoner saying they have children, the match stands.
    said = {"address": "different", "declared_children": "said they have children"}
    assert match_band_for(match(0.9999, **said), settings) == MatchBand.CONFIRMED
    sure = with_prison(0.9999, 1.2, **said)
    assert match_band_for(sure, settings) == MatchBand.CONFIRMED


def test_a_prison_far_from_home_alone_does_not_doubt_a_sure_match(settings):
    # Measured in six worlds (docs/benchmarks.md, "Band rules"): it caught no wrong
    # confirmation that the other clauses missed, and sent right ones to review.
    for address in ("different", "not known"):
        sure = with_prison(
            0.9999, -2.0, address=address, declared_children="said they have children"
        )
        assert match_band_for(sure, settings) == MatchBand.CONFIRMED


@pytest.mark.parametrize(
    ("probability", "address", "band"),
    [
        # Unsure, the name alone and an address that differs: not listed.
        (0.95, "different", None),
        # Unsure, the name alone and no address to check: a person decides.
        (0.95, "not known", MatchBand.REVIEW),
        # Sure, the name alone and an address that differs: a person decides.
        (0.9999, "different", MatchBand.REVIEW),
    ],
)
def test_switched_on_a_match_on_the_name_alone_from_elsewhere_is_listed_only_when_sure(
    settings, probability, address, band
):
    only_the_name = match(probability, date_of_birth="not known", address=address)
    assert match_band_for(only_the_name, replace(settings, drop_name_only_elsewhere=True)) == band


def test_by_default_an_unsure_match_on_the_name_alone_from_elsewhere_is_for_review(settings):
    # Off by default: it would lose the children of parents who gave another address.
    unsure = match(0.95, date_of_birth="not known", address="different")
    assert match_band_for(unsure, settings) == MatchBand.REVIEW


@pytest.mark.parametrize(
    ("rule", "agreements"),
    [
        ("review_when_name_only", {"date_of_birth": "not known", "address": "not known"}),
        ("review_when_address_differs", {"address": "different"}),
        ("review_when_unverified", {"address": "not known", "last_name": "one letter different"}),
    ],
)
def test_each_review_rule_switched_off_leaves_a_sure_match_confirmed(settings, rule, agreements):
    sure = match(0.9999, **agreements)
    assert match_band_for(sure, settings) == MatchBand.REVIEW
    assert match_band_for(sure, replace(settings, **{rule: False})) == MatchBand.CONFIRMED
    assert review_reason(sure, replace(settings, **{rule: False})) == ""
