"""The daily identification run, and analysts' decisions on the matches it was unsure of.

``identification_run`` is safe to run at any time: it only processes receptions not yet
processed, re-resolves local people only when the people or relationships data changed, and
derives every key (person, child, identification) from the data, so a re-run creates nothing
new and changes no ``child_key``. It respects analysts' decisions: a match an analyst rejected
is never created or re-banded again, and a confirmed one is kept as confirmed.

``reception_match_review`` records an analyst's decision on a match in the review band.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import defaultdict
from dataclasses import asdict
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from paramount import config
from paramount.access import audit
from paramount.access.selectors import (
    Permission,
    access_denied,
    require_permission,
    viewer_areas,
)
from paramount.feeds.models import PersonRecord, PrisonMovement, Relationship
from paramount.identification.models import (
    HeldBackReception,
    Identification,
    IdentificationRun,
    IdentificationStatus,
    MatchBand,
    ReceptionMatch,
    ReviewDecision,
    ReviewOutcome,
    ReviewState,
)
from paramount.identification.selectors import (
    REVIEW_PURPOSE,
    place_areas,
    reception_match_areas,
    review_refusal,
)
from paramount.linkage import engine, selectors
from paramount.linkage.engine.children import ChildFound, listed_before, names_known
from paramount.linkage.services import population_is_current, population_load
from paramount.privacy.selectors import withheld_people

log = logging.getLogger(__name__)

RELATIONSHIP_PRIORITY = (
    "MOTHER",
    "FATHER",
    "STEP_PARENT",
    "FOSTER_CARER",
    "GRANDPARENT",
    "CARER",
    "OTHER_RELATIVE",
    "OTHER",
)


def identification_id_for(movement_id: str, child_key: str) -> str:
    digest = (
        hashlib.blake2b(f"{movement_id}\x1f{child_key}".encode(), digest_size=6).hexdigest().upper()
    )
    return f"ID-{digest}"


def age_on(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def band_for(match: engine.PersonMatch, settings) -> engine.Band:
    """The match's band under the configured thresholds and band rules
    (:mod:`paramount.linkage.engine.bands`): CONFIRMED, REVIEW, or None when it is not listed."""
    return engine.band_of(
        match,
        confirm_threshold=settings.confirm_threshold,
        rules=[name for name in engine.BAND_RULES if getattr(settings, name)],
    )


def match_band_for(match: engine.PersonMatch, settings) -> MatchBand | None:
    """CONFIRMED when the probability reaches the confirm threshold and no band rule argues
    against it; REVIEW otherwise; None when a band rule leaves it unlisted."""
    band = band_for(match, settings).band
    return MatchBand(band) if band else None


def review_reason(match: engine.PersonMatch, settings) -> str:
    """Why a match the model is sure of still needs a person, in words for the analyst ("… because
    {reason}"); empty when nothing does."""
    found = band_for(match, settings)
    return found.reason if found.band == MatchBand.REVIEW else ""


def identification_run(*, acting_user=None, progress=None) -> IdentificationRun:
    """Process every reception not yet processed. ``progress`` is called with short messages."""
    say = progress or (lambda message: None)
    settings = config.current().identification
    timings: dict[str, float] = {}
    started = time.perf_counter()
    run = IdentificationRun.objects.create(started_at=timezone.now())

    receptions = list(selectors.unprocessed_receptions())
    if not receptions and population_is_current():
        return _finish(run, timings, started, acting_user)

    population = population_load(
        resolve_threshold=settings.resolve_threshold, acting_user=acting_user, say=say
    )
    if population is None:
        # Nothing local to match against yet: leave the receptions waiting for the people feed.
        say(
            f"No local records have been ingested yet; {len(receptions):,} receptions wait for them"
        )
        return _finish(run, timings, started, acting_user)
    timings.update(population.timings)
    run.model = population.model
    run.resolved_people = population.resolved

    if receptions:
        say(f"Matching {len(receptions):,} receptions to local adults")
        tick = time.perf_counter()
        table = selectors.receptions_table(receptions)
        matches = engine.match_receptions(
            population.scorer,
            engine.prepare_receptions(table),
            review_threshold=settings.review_threshold,
            declared_children=dict(
                zip(table["unique_id"], table["declared_children"].fillna(""), strict=True)
            ),
            establishments=dict(
                zip(table["unique_id"], table["establishment_code"].fillna(""), strict=True)
            ),
            prison_numbers=dict(
                zip(table["unique_id"], table["prison_number"].fillna(""), strict=True)
            ),
            received_on={m.movement_id: m.movement_date for m in receptions},
            confirm_threshold=settings.confirm_threshold,
        )
        timings["match"] = round(time.perf_counter() - tick, 2)
        tick = time.perf_counter()
        _store(run, population.model, receptions, matches, settings, acting_user)
        timings["children"] = round(time.perf_counter() - tick, 2)
    return _finish(run, timings, started, acting_user)


def _finish(
    run: IdentificationRun, timings: dict, started: float, acting_user
) -> IdentificationRun:
    timings["total"] = round(time.perf_counter() - started, 2)
    run.timings = timings
    run.finished_at = timezone.now()
    with transaction.atomic():
        run.save()
        audit.record(
            actor=acting_user,
            action="identification.run_finished",
            subject=run,
            after={
                "receptions": run.receptions,
                "identifications": run.identifications,
                "resolved_people": run.resolved_people,
                "seconds": timings["total"],
            },
        )
    return run


def _store(run, model, receptions: list[PrisonMovement], matches, settings, acting_user) -> None:
    """Store matches and identifications and mark the receptions processed, all in one
    transaction: a crash leaves the receptions unprocessed for the next run.

    Analysts' decisions win over the model: a (reception, adult) pair an analyst rejected is left
    as it is, with no identification made through it; a pair an analyst confirmed keeps its
    band, evidence and decision, and only children not yet identified through it are added.
    Any other match found again is updated, and its version moves on so that a decision made
    on the old evidence is refused.
    """
    areas = config.current()
    by_movement: dict[str, list] = defaultdict(list)
    for match in matches:
        by_movement[match.movement_id].append(match)
    now = timezone.now()
    # Restricted people are not matched, as adults or as children (SECURITY 18); the receptions
    # they were left out of are remembered, for the restriction's lifting to put back.
    withheld = withheld_people()
    held_back: set[tuple[int, int]] = set()
    with transaction.atomic():
        existing = {
            (m.movement_id, m.adult_person_key): m
            for m in ReceptionMatch.objects.select_for_update().filter(movement__in=receptions)
        }
        rejected = 0
        found: dict[int, list[ChildFound]] = {}
        places = None  # read only if a child without a postcode is found
        for movement in receptions:
            for match in by_movement.get(movement.movement_id, []):
                if match.person_key in withheld:
                    held_back.add((movement.pk, withheld[match.person_key]))
                    continue
                reception_match = existing.get((movement.pk, match.person_key))
                state = reception_match.review_state if reception_match else None
                if state == ReviewState.REJECTED_BY_ANALYST:
                    rejected += 1
                    continue
                if state == ReviewState.CONFIRMED_BY_ANALYST:
                    band = reception_match.match_band
                    probability = reception_match.match_probability
                else:
                    band = match_band_for(match, settings)
                    if band is None:
                        continue
                    probability = match.probability
                    reception_match = _match_store(
                        reception_match, movement, match, band, run, model
                    )
                run.matched_receptions += 1
                for child in _children_of(match.person_key, movement.movement_date, settings):
                    if child["child_key"] in withheld:
                        held_back.add((movement.pk, withheld[child["child_key"]]))
                        continue
                    # A child with no postcode of their own lives where the adult they are
                    # recorded as living with does; with no postcode at all, in the area of the
                    # town their records give, or of the services that hold them.
                    where = child["postcode"] or child["household_postcode"] or ""
                    area = areas.area_for_postcode(where.replace(" ", ""))
                    if area is None and not where:
                        places = places or place_areas()
                        area = places.area_of(child["towns"], child["sources"])
                    if area is None:
                        run.children_outside_areas += 1
                        continue
                    if listed_before(_child_found(child), found.setdefault(movement.pk, [])):
                        # The same child reached through another resolved person (records of
                        # one child the resolution kept apart): listed once per reception.
                        continue
                    identification, created = Identification.objects.get_or_create(
                        movement=movement,
                        child_key=child["child_key"],
                        defaults={
                            "identification_id": identification_id_for(
                                movement.movement_id, child["child_key"]
                            ),
                            "reception_match": reception_match,
                            "child_source_records": "|".join(child["records"]),
                            "child_first_name": child["first_name"],
                            "child_last_name": child["last_name"],
                            "child_date_of_birth": child["date_of_birth"],
                            "child_age": child["age"],
                            "child_postcode": child["postcode"] or "",
                            "area": area,
                            "relationship": child["relationship"],
                            "lives_with_child": child["lives_with_child"],
                            "parent_match_probability": probability,
                            "match_band": band,
                            "relationship_records": child["relationship_records"],
                            "created_at": now,
                            "run": run,
                        },
                    )
                    if created:
                        run.identifications += 1
                        audit.record(
                            actor=acting_user,
                            action="identification.created",
                            subject=identification,
                            subject_id=identification.identification_id,
                            # Ids only: the child's person key is derived from a source's
                            # record id, and the audit trail can never be anonymised.
                            after={"movement_id": movement.movement_id, "band": band},
                        )
            movement.identified_at = now
            run.receptions += 1
        PrisonMovement.objects.bulk_update(receptions, ["identified_at"])
        _held_back_store(held_back, now, acting_user, run)
        run.save()
        if rejected:
            audit.record(
                actor=acting_user,
                action="identification.rejected_matches_kept",
                subject=run,
                after={"matches": rejected},
            )


def _held_back_store(held_back: set[tuple[int, int]], now, acting_user, run) -> None:
    """Remember each (reception, restriction) the run left someone out of."""
    if not held_back:
        return
    HeldBackReception.objects.bulk_create(
        [
            HeldBackReception(movement_id=movement_id, restriction_id=restriction_id, held_at=now)
            for movement_id, restriction_id in sorted(held_back)
        ],
        ignore_conflicts=True,
    )
    audit.record(
        actor=acting_user,
        action="identification.receptions_held_back",
        subject=run,
        after={"receptions": len({movement_id for movement_id, _ in held_back})},
    )


def _match_store(
    reception_match: ReceptionMatch | None, movement, match, band, run, model
) -> ReceptionMatch:
    """Create the match, or bring one nobody has decided up to date with this run."""
    values = {
        "match_probability": match.probability,
        "match_band": band,
        "review_state": ReviewState.NOT_NEEDED
        if band == MatchBand.CONFIRMED
        else ReviewState.PENDING,
        "evidence": {
            "review_reason": review_reason(match, config.current().identification),
            "best_record": match.best_record,
            "records": list(match.records),
            "runner_up_probability": match.runner_up_probability,
            "fields": [asdict(f) for f in match.fields],
        },
        "run": run,
        "model": model,
    }
    if reception_match is None:
        return ReceptionMatch.objects.create(
            movement=movement, adult_person_key=match.person_key, **values
        )
    ReceptionMatch.objects.filter(pk=reception_match.pk).update(**values, version=F("version") + 1)
    reception_match.refresh_from_db()
    return reception_match


def _children_of(adult_person_key: str, on: date, settings) -> list[dict]:
    """The children of one resolved adult who count under the contract's rule on ``on``."""
    adult_records = PersonRecord.objects.filter(person_key=adult_person_key).values_list(
        "source", "record_id"
    )
    by_source: dict[str, list[str]] = defaultdict(list)
    for source, record_id in adult_records:
        by_source[source].append(record_id)
    relationships = []
    for source, record_ids in by_source.items():
        relationships.extend(
            Relationship.objects.filter(source=source, adult_record_id__in=record_ids)
        )
    if not relationships:
        return []

    child_refs = {(r.source, r.child_record_id) for r in relationships}
    child_records = [
        record
        for source in {s for s, _ in child_refs}
        for record in PersonRecord.objects.filter(
            source=source, record_id__in=[c for s, c in child_refs if s == source]
        )
    ]
    person_of = {(r.source, r.record_id): r.person_key for r in child_records}
    rels_by_child: dict[str, list[Relationship]] = defaultdict(list)
    for rel in relationships:
        child_key = person_of.get((rel.source, rel.child_record_id))
        if child_key and child_key != adult_person_key:
            rels_by_child[child_key].append(rel)

    all_child_records: dict[str, list[PersonRecord]] = defaultdict(list)
    for record in PersonRecord.objects.filter(person_key__in=list(rels_by_child)):
        all_child_records[record.person_key].append(record)

    children = []
    for child_key, rels in rels_by_child.items():
        counts = any(
            r.relationship in settings.adult_relationships
            or r.parental_responsibility == "Y"
            or r.lives_with_child == "Y"
            for r in rels
        )
        if not counts:
            continue
        records = all_child_records[child_key]
        best = _best_values(records)
        household_postcode = None if best["postcode"] else _household_postcode(rels)
        age = _child_age(best["date_of_birth"], records, on, settings.age_limit_years)
        if age is NOT_A_CHILD:
            continue
        relationship = min(
            (r.relationship for r in rels),
            key=lambda v: RELATIONSHIP_PRIORITY.index(v) if v in RELATIONSHIP_PRIORITY else 99,
        )
        lives = {r.lives_with_child for r in rels}
        children.append(
            {
                "child_key": child_key,
                "records": sorted(r.reference for r in records),
                **best,
                "household_postcode": household_postcode,
                "towns": sorted({r.town for r in records if r.town}),
                "sources": sorted({r.source for r in records}),
                "names": names_known((r.first_name, r.middle_names) for r in records),
                "age": age,
                "relationship": relationship,
                "lives_with_child": "Y" if "Y" in lives else ("N" if "N" in lives else ""),
                "relationship_records": [
                    {
                        "source": r.source,
                        "adult_record_id": r.adult_record_id,
                        "child_record_id": r.child_record_id,
                        "relationship": r.relationship,
                        "parental_responsibility": r.parental_responsibility or "",
                        "lives_with_child": r.lives_with_child or "",
                    }
                    for r in sorted(rels, key=lambda r: (r.source, r.adult_record_id))
                ],
            }
        )
    return children


# Said of a person none of whose recorded dates of birth makes them a child on the day.
NOT_A_CHILD = -1


def _child_age(best: date | None, records: list[PersonRecord], on: date, limit: int) -> int | None:
    """The child's age in whole years on ``on`` by the best date of birth; None when no record
    gives one; :data:`NOT_A_CHILD` when every date any record gives says the person was not yet
    born on ``on`` or was ``limit`` or older. A date after today is a mistake in the record and
    is not counted. When the best date says not a child but another record's date says a
    child, the records disagree: the child is listed (a person checks), aged by that date."""
    today = timezone.localdate()
    known = {r.date_of_birth for r in records if r.date_of_birth and r.date_of_birth <= today}
    if best is not None and best > today:
        best = None
    if not known:
        return None
    child_ages = [age for born in known if 0 <= (age := age_on(born, on)) < limit]
    if not child_ages:
        return NOT_A_CHILD
    age = age_on(best, on) if best is not None else None
    return age if age is not None and 0 <= age < limit else min(child_ages)


def _household_postcode(relationships: list[Relationship]) -> str | None:
    """The postcode of an adult a source records the child as living with, if any."""
    for rel in sorted(relationships, key=lambda r: (r.source, r.adult_record_id)):
        if rel.lives_with_child != "Y":
            continue
        postcode = (
            PersonRecord.objects.filter(source=rel.source, record_id=rel.adult_record_id)
            .exclude(postcode=None)
            .values_list("postcode", flat=True)
            .first()
        )
        if postcode:
            return postcode
    return None


def _child_found(child: dict) -> ChildFound:
    first_names, middle_names = child["names"]
    return ChildFound(
        key=child["child_key"],
        first_name=child["first_name"],
        last_name=child["last_name"],
        date_of_birth=child["date_of_birth"],
        first_names=first_names,
        middle_names=middle_names,
        sources=frozenset(child["sources"]),
    )


def _best_values(records: list[PersonRecord]) -> dict:
    """Best known values across a person's records: the most recently updated record that has
    the value wins."""
    ordered = sorted(records, key=lambda r: (r.updated_at or date.min, r.batch_id), reverse=True)

    def best(field: str):
        values = [getattr(r, field) for r in ordered if getattr(r, field)]
        if not values:
            return None
        return values[0]

    return {
        "first_name": best("first_name") or "",
        "last_name": best("last_name") or "",
        "date_of_birth": best("date_of_birth"),
        "postcode": best("postcode"),
    }


# --- Analysts' decisions ---------------------------------------------------------------------


class ReviewError(Exception):
    """A decision that cannot be saved; the message says why and what to do, in plain English."""


class ReviewConflict(ReviewError):
    """The match changed after the analyst loaded the page (SECURITY 27)."""


# The only legal transitions: a match waiting for review is confirmed or rejected, once.
REVIEW_TRANSITIONS: dict[tuple[str, str], str] = {
    (ReviewState.PENDING, ReviewOutcome.CONFIRMED_SAME_PERSON): ReviewState.CONFIRMED_BY_ANALYST,
    (
        ReviewState.PENDING,
        ReviewOutcome.REJECTED_DIFFERENT_PERSON,
    ): ReviewState.REJECTED_BY_ANALYST,
}


def reception_match_review(
    *,
    reception_match: ReceptionMatch,
    decision: str,
    reason: str,
    expected_version: int,
    acting_user: Any,
) -> ReviewDecision:
    """Record an analyst's decision on whether the prisoner is the local adult of a match.

    Only a VRU analyst who works in every area of the children identified through the match may
    decide it (refused with 403; a match with no child in their areas is a 404). The decision is
    refused with :class:`ReviewConflict` if the match changed since the analyst loaded it
    (``expected_version``), and with :class:`ReviewError` if it is not waiting for review or a
    rejection has no reason. A rejection closes every identification made through the match
    (status ``REJECTED``). The decision, the match's new state and the audit event are written
    in one transaction.
    """
    try:
        outcome = ReviewOutcome(decision)
    except ValueError:
        raise ReviewError(
            "Choose whether the prisoner and the local adult are the same person or different "
            "people; nothing was saved"
        ) from None
    reason = (reason or "").strip()
    # Refusals are checked, and audited, before the transaction opens so that their audit rows
    # are not rolled back with it.
    _require_reviewer(acting_user=acting_user, reception_match=reception_match)

    with transaction.atomic():
        match = ReceptionMatch.objects.select_for_update().get(pk=reception_match.pk)
        if match.version != expected_version:
            raise ReviewConflict(_conflict_message(match))
        refusal = review_refusal(viewer=acting_user, reception_match=match)
        if refusal:
            raise ReviewError(refusal)
        new_state = REVIEW_TRANSITIONS.get((match.review_state, outcome))
        if new_state is None:
            raise ReviewError(
                f"A match that is {match.get_review_state_display().lower()} cannot be decided; "
                "nothing was saved"
            )
        if outcome == ReviewOutcome.REJECTED_DIFFERENT_PERSON and not reason:
            raise ReviewError(
                "Give the reason you think the prisoner and the local adult are different "
                "people; nothing was saved"
            )
        identifications = list(
            Identification.objects.select_for_update()
            .filter(reception_match=match)
            .order_by("identification_id")
        )
        before = {
            "review_state": match.review_state,
            "version": match.version,
            "identifications": {i.identification_id: i.status for i in identifications},
        }
        review = ReviewDecision.objects.create(
            reception_match=match,
            decision=outcome,
            reason=reason,
            decided_by=acting_user,
            decided_at=timezone.now(),
            match_probability=match.match_probability,
            model_id=match.model_id,
        )
        # The version in the WHERE clause refuses a concurrent decision even on a database that
        # cannot lock rows.
        updated = ReceptionMatch.objects.filter(pk=match.pk, version=expected_version).update(
            review_state=new_state, version=F("version") + 1
        )
        if updated != 1:
            raise ReviewConflict(_conflict_message(match))
        status = (
            IdentificationStatus.REJECTED
            if new_state == ReviewState.REJECTED_BY_ANALYST
            else IdentificationStatus.IDENTIFIED
        )
        if new_state == ReviewState.REJECTED_BY_ANALYST:
            Identification.objects.filter(reception_match=match).update(status=status)
        audit.record(
            actor=acting_user,
            action="reception_match.reviewed",
            subject=match,
            purpose=REVIEW_PURPOSE,
            before=before,
            after={
                "review_state": new_state,
                "version": expected_version + 1,
                "decision": outcome.value,
                # The analyst's words stay in the decision (retention anonymises them there);
                # the audit trail, which nothing may edit, keeps only that they were given.
                "reason_given": bool(reason),
                "decision_id": review.pk,
                "match_probability": match.match_probability,
                "model_id": match.model_id,
                "identifications": {i.identification_id: status.value for i in identifications},
            },
        )
    reception_match.review_state = new_state
    reception_match.version = expected_version + 1
    return review


def _require_reviewer(*, acting_user: Any, reception_match: ReceptionMatch) -> None:
    require_permission(viewer=acting_user, permission=Permission.REVIEW_MATCHES)
    if not reception_match_areas(reception_match) & set(viewer_areas(acting_user)):
        access_denied(
            viewer=acting_user,
            action="reception_match.access_denied",
            subject_type=ReceptionMatch._meta.label_lower,
            subject_id=str(reception_match.pk),
        )
        raise Http404("No match found")


def _conflict_message(match: ReceptionMatch) -> str:
    if match.review_state in (ReviewState.CONFIRMED_BY_ANALYST, ReviewState.REJECTED_BY_ANALYST):
        return (
            "Someone else decided this match while you were looking at it; reload to see their "
            "decision"
        )
    return (
        "The identification run updated this match while you were looking at it; reload to see "
        "the new evidence before you decide"
    )
