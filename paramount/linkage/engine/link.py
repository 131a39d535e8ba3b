"""Choosing the local person (if any) each received person is."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Set
from dataclasses import dataclass
from datetime import date

import pandas as pd

from paramount.linkage.engine import context
from paramount.linkage.engine.model import COMPARISONS, Scorer, field_weights
from paramount.linkage.engine.prepare import ALIAS, MAIN, SWAPPED
from paramount.linkage.engine.resolve import GENERATION_GAP_DAYS, one_slip

# Values shown side by side as evidence for each comparison.
EVIDENCE_COLUMNS = {
    "first_name": "first_name",
    "last_name": "last_name",
    "date_of_birth": "dob",
    "address": "postcode",
    "sex": "sex",
}


# Said of a local address that is the household's, from the record of a child the adult lives
# with, rather than one the adult's own record holds.
HOUSEHOLD_NOTE = " (the household's, from a child's record)"


@dataclass(frozen=True)
class FieldEvidence:
    field: str
    reception_value: str
    local_value: str
    agreement: str
    match_weight: float


@dataclass(frozen=True)
class PersonMatch:
    movement_id: str
    person_key: str
    probability: float
    best_record: str
    records: tuple[str, ...]  # every record of the person that scored against the reception
    fields: tuple[FieldEvidence, ...]
    runner_up_probability: float | None


def match_receptions(
    scorer: Scorer,
    receptions: pd.DataFrame,
    person_of_record: dict[str, str] | None = None,
    *,
    review_threshold: float,
    declared_children: dict[str, str] | None = None,
    establishments: dict[str, str] | None = None,
    prison_numbers: dict[str, str] | None = None,
    received_on: dict[str, date] | None = None,
    confirm_threshold: float = context.SURE,
) -> list[PersonMatch]:
    """For each reception (``unique_id`` = movement id), the local persons it is.

    Every person at or above ``review_threshold`` is kept: usually one, sometimes the same adult
    split across two resolved persons (whose children must all be found). When the best person
    is sure and agrees on the date of birth, another is kept only if it agrees on more than the
    name (a date of birth or an address): otherwise it is a namesake. The best person is sure
    at ``confirm_threshold``, the probability a match is accepted at without review. Each match
    carries the runner-up's probability so a close call can be reviewed. Person keys come from
    the scorer's population; ``person_of_record`` sets them first when given.

    Splink's probability is then weighed with what it cannot see (:mod:`.context`): the
    prisoner's age at the births of the person's children, when ``declared_children``
    (movement id -> ``Y``/``N``/empty) is given, what the prisoner said at reception, and when
    ``establishments`` (movement id -> establishment code) is given, the prison they were
    received into, against where the local person lives.

    Receptions of one prisoner (the same prison number in ``prison_numbers``, movement id ->
    prison number: a reception and a later recall, say) are one person, so each is matched to
    every local person any of them matches, with the best evidence among them: a recall given
    with no fixed abode finds the family its first reception's address found.

    ``received_on`` (movement id -> movement date) lets a date of birth that no parent of a
    child could have (:func:`.context.doubtful_age`: aged 97 at reception) go unweighed as to
    parent age instead of vetoing every family.
    """
    if person_of_record is not None:
        scorer.set_person_keys(person_of_record)
    identities = _identities(receptions)
    receptions = receptions[receptions["unique_id"].isin(identities.main)]
    pairs = scorer.score_new(identities.table, threshold=min(0.05, review_threshold))
    if pairs.empty:
        return []
    labels = scorer.level_labels()
    candidates = scorer.records_of_persons(pairs["unique_id_l"].astype(str).unique().tolist())
    known_dobs = _dates_of_birth_by_person(candidates)
    children = _children_dobs_by_person(candidates)
    household = set(candidates.loc[candidates["address_from_child"].astype(bool), "unique_id"])
    home_area = _postcode_area_by_person(candidates)
    reception_dob = {
        str(uid): date.fromisoformat(dob)
        for uid, dob in zip(receptions["unique_id"], receptions["dob"], strict=True)
        if dob
    }
    received = received_on or {}
    doubtful = {
        uid: age
        for uid, born in reception_dob.items()
        if uid in received and (age := context.doubtful_age(born, received[uid])) is not None
    }
    parent_dob = {uid: born for uid, born in reception_dob.items() if uid not in doubtful}
    # predict_between puts the population on the left and the new records on the right.
    person_of = dict(zip(candidates["unique_id"], candidates["person_key"], strict=True))
    pairs["person_key"] = pairs["unique_id_l"].map(person_of)
    pairs = identities.as_receptions(_person_evidence(pairs.dropna(subset=["person_key"])))
    reception_sex = {
        str(uid): sex or ""
        for uid, sex in zip(receptions["unique_id"], receptions["sex"], strict=True)
    }
    establishment = {
        "areas": home_area,
        "sex": reception_sex,
        "codes": {str(k): v or "" for k, v in (establishments or {}).items()},
    }
    weights = _context_weights(
        scorer, pairs, labels, children, parent_dob, declared_children, receptions, establishment
    )
    pairs["context"] = [
        _context(
            row, labels, children, parent_dob, declared_children, weights, establishment, doubtful
        )
        for row in pairs.to_dict("records")
    ]
    pairs["match_probability"] = [
        _with_weight(p, sum(e.match_weight for e in context))
        for p, context in zip(pairs["match_probability"], pairs["context"], strict=True)
    ]
    pairs = _at_the_prisoners_home(
        pairs,
        labels,
        candidates,
        {label: scorer.level_weight("address", label) for label in HOME_LEVELS},
        confirm_threshold,
    )
    pairs["via"] = None
    if prison_numbers:
        pairs = _shared_across_prison_numbers(pairs, prison_numbers)
    pairs = pairs.sort_values(
        ["match_probability", "unique_id_l"], ascending=[False, True], kind="stable"
    )

    # Each reception's best pair with each person, strongest first (pairs are sorted), and the
    # person's rank among them; only those at or above the review threshold are looked at.
    best_per_person = pairs.drop_duplicates(["unique_id_r", "person_key"]).copy()
    best_per_person["rank"] = best_per_person.groupby("unique_id_r", sort=False).cumcount()
    probabilities = best_per_person.groupby("unique_id_r", sort=False)["match_probability"].agg(
        list
    )
    wanted = best_per_person[best_per_person["match_probability"] >= review_threshold]
    wanted = wanted.sort_values("unique_id_r", kind="stable")
    # Receptions whose best person is sure and agrees on the date of birth: the prisoner is
    # known. Another person who shares nothing with him but the name is a namesake; one record
    # of him that resolution kept apart shares at least a date of birth or an address.
    known = {
        str(row["unique_id_r"])
        for row in wanted[wanted["rank"] == 0].to_dict("records")
        if _sure_and_born_alike(row, labels, confirm_threshold)
    }
    records_of = (
        pairs.merge(wanted[["unique_id_r", "person_key"]], on=["unique_id_r", "person_key"])
        .groupby(["unique_id_r", "person_key"])["unique_id_l"]
        .agg(lambda ids: tuple(sorted(set(ids.astype(str)))))
    )

    matches: list[PersonMatch] = []
    for best in wanted.to_dict("records"):
        movement_id = best["unique_id_r"]
        probability = float(best["match_probability"])
        # A match shared from another reception of the same prisoner is checked against the
        # date of birth that reception gave.
        compared = best["via"] if isinstance(best["via"], str) else str(movement_id)
        if _generation_apart(reception_dob.get(compared), known_dobs.get(best["person_key"], ())):
            # The best pair may lack a date of birth (a school contact), but the person's other
            # records show someone a generation older or younger: a father, not his son.
            continue
        if any(
            e.field == "parent_age" and e.agreement == context.AGE_AGREEMENT["implausible"]
            for e in best["context"]
        ):
            # The same from the other side: the prisoner would have been a child, or past 65,
            # when the person's children were born (a son of the same name at his father's
            # address).
            continue
        rank = best["rank"]
        if (
            rank > 0
            and str(movement_id) in known
            and not _beyond_the_name(best, labels)
            and not isinstance(best["home_of"], str)
        ):
            continue
        runner_up = next((p for i, p in enumerate(probabilities[movement_id]) if i != rank), None)
        matches.append(
            PersonMatch(
                movement_id=str(movement_id),
                person_key=str(best["person_key"]),
                probability=probability,
                best_record=str(best["unique_id_l"]),
                records=records_of[(movement_id, best["person_key"])],
                fields=_evidence(best, labels, household)
                + tuple(best["context"])
                + _home_evidence(best)
                + _identity_evidence(best)
                + _shared_evidence(best, prison_numbers),
                runner_up_probability=None if runner_up is None else float(runner_up),
            )
        )
    return matches


@dataclass(frozen=True)
class _Identities:
    """A reception's identities (:func:`.prepare.prepare_receptions`) to score, and how to
    turn pairs of them back into pairs of receptions."""

    table: pd.DataFrame  # what Splink scores: the model's columns only
    main: frozenset[str]  # the receptions' own unique ids
    reception_of: dict[str, str]
    kind: dict[str, str]
    name: dict[str, str]

    def as_receptions(self, pairs: pd.DataFrame) -> pd.DataFrame:
        """Pairs keyed by reception: each pair says which identity made it (``identity``,
        ``identity_name``). Each identity is weighed on its own first (an alias's first name
        never lends its level to the given surname), so this comes after the person's evidence
        is gathered; the strongest identity of a reception then wins as any best pair does."""
        uids = pairs["unique_id_r"].astype(str).tolist()
        pairs["identity"] = [self.kind.get(uid, MAIN) for uid in uids]
        pairs["identity_name"] = [self.name.get(uid, "") for uid in uids]
        pairs["unique_id_r"] = [self.reception_of.get(uid, uid) for uid in uids]
        return pairs


def _identities(receptions: pd.DataFrame) -> _Identities:
    extra = ("reception_id", "identity", "identity_name")
    if "reception_id" not in receptions:  # prepared with prepare(): the name given only
        ids = receptions["unique_id"].astype(str)
        return _Identities(receptions, frozenset(ids), {}, {}, {})
    ids = receptions["unique_id"].astype(str).tolist()
    return _Identities(
        table=receptions.drop(columns=list(extra)),
        main=frozenset(receptions.loc[receptions["identity"] == MAIN, "unique_id"].astype(str)),
        reception_of=dict(zip(ids, receptions["reception_id"].astype(str), strict=True)),
        kind=dict(zip(ids, receptions["identity"], strict=True)),
        name=dict(zip(ids, receptions["identity_name"], strict=True)),
    )


# The evidence field saying which of the prisoner's names the names above were compared under.
IDENTITY_FIELD = "name_compared"
IDENTITY_AGREEMENT = {
    ALIAS: "names compared under this alias",
    SWAPPED: "names compared turned round",
}


def _identity_evidence(best) -> tuple[FieldEvidence, ...]:
    """Which of the prisoner's identities the match was made under, when not the name given:
    what the prison record says and the local name it was compared with. Its weight is in the
    name comparisons, so it adds none of its own."""
    kind = best.get("identity")
    if kind not in IDENTITY_AGREEMENT:
        return ()
    local = " ".join(_text(best.get(f"{name}_l")) for name in ("first_name", "last_name"))
    return (
        FieldEvidence(
            field=IDENTITY_FIELD,
            reception_value=str(best.get("identity_name") or ""),
            local_value=local.strip(),
            agreement=IDENTITY_AGREEMENT[kind],
            match_weight=0.0,
        ),
    )


# The evidence field of a person found at the home of the person a prisoner surely is.
HOME_FIELD = "home_of_matched_person"
HOME_AGREEMENT = "as the person the prisoner was matched to"
# The address levels a person's home can agree at with the sure person's records.
HOME_LEVELS = ("same postcode and street address", "same postcode")
# Levels at which two records name one person's first name and surname, spelt the same, in
# another form (a nickname, a transliteration) or one letter apart.
NAME_AGREES = {
    "first_name": frozenset({"exact", "same name, other form (nickname)", "one letter different"}),
    "last_name": frozenset({"exact", "same surname, other spelling", "one letter different"}),
}


def _at_the_prisoners_home(
    pairs: pd.DataFrame,
    labels: dict[str, dict[int, str]],
    candidates: pd.DataFrame,
    weights: dict[str, float],
    confirm_threshold: float,
) -> pd.DataFrame:
    """A prisoner who gave no address but who is surely one local person (the date of birth
    agrees) lives, as far as local services know, where that person's records say. Another
    person of the same name (first name and surname each the same, another form of it or one
    letter out) recorded at that address (a school contact with no date of birth, which
    resolution could not join to the police record beside it on name and address alone) is
    then weighed as if the prisoner had given the address: the pair gains the weight of the
    address level the two agree at (the same postcode and street, or the same postcode when
    one gives no street; another house in the postcode is not his home). ``home_of`` names the
    sure person's record the address came from, ``home_agreement`` the level. Their children
    are the prisoner's children too. ``candidates`` are the persons' records
    (:meth:`.Scorer.records_of_persons`), ``weights`` each of :data:`HOME_LEVELS`' trained
    match weight."""
    pairs["home_of"] = None
    pairs["home_weight"] = 0.0
    pairs["home_agreement"] = None
    if pairs.empty or "address_key_l" not in pairs:
        return pairs
    # Person -> postcode -> {street address or None: the record that gives it}.
    homes: dict[str, dict[str, dict[str | None, str]]] = defaultdict(lambda: defaultdict(dict))
    own = candidates[~candidates["address_from_child"].astype(bool)]
    for key, uid, postcode, street in zip(
        own["person_key"], own["unique_id"], own["postcode"], own["address_key"], strict=True
    ):
        if isinstance(postcode, str) and postcode:
            homes[key][postcode].setdefault(street if isinstance(street, str) else None, str(uid))
    order = pairs.sort_values(
        ["match_probability", "unique_id_l"], ascending=[False, True], kind="stable"
    )
    sure = {
        row["unique_id_r"]: row["person_key"]
        for row in order.drop_duplicates("unique_id_r").to_dict("records")
        if _sure_and_born_alike(row, labels, confirm_threshold) and row["person_key"] in homes
    }
    if not sure:
        return pairs
    # Another person of a sure reception, with a postcode, the reception giving no address.
    sure_person = pairs["unique_id_r"].map(sure)
    others = pairs[
        sure_person.notna()
        & (pairs["person_key"] != sure_person)
        & (pairs["gamma_address"] == -1)
        & pairs["postcode_l"].notna()
    ]
    for index, row in others.iterrows():
        known_person = sure[row["unique_id_r"]]
        if _level(row, labels, "date_of_birth") == "different" or any(
            _level(row, labels, name) not in agree for name, agree in NAME_AGREES.items()
        ):
            continue
        streets = homes[known_person].get(row.get("postcode_l"))
        if not streets:
            continue
        street = row.get("address_key_l")
        street = street if isinstance(street, str) else None
        if street is not None and street in streets:
            home, label = streets[street], "same postcode and street address"
        elif street is None or None in streets:
            # One of the two gives only the postcode: the same postcode, the street not known.
            home, label = next(iter(streets.values())), "same postcode"
        else:
            continue  # another house in the same postcode
        pairs.at[index, "home_of"] = home
        pairs.at[index, "home_weight"] = weights[label]
        pairs.at[index, "home_agreement"] = label
        pairs.at[index, "match_probability"] = _with_weight(
            float(row["match_probability"]), weights[label]
        )
    return pairs


def _home_evidence(best) -> tuple[FieldEvidence, ...]:
    if not isinstance(best.get("home_of"), str):
        return ()
    return (
        FieldEvidence(
            field=HOME_FIELD,
            reception_value=f"{_text(best.get('postcode_l'))} (record {best['home_of']})",
            local_value=_text(best.get("postcode_l")),
            agreement=f"{best['home_agreement']} {HOME_AGREEMENT}",
            match_weight=round(float(best["home_weight"]), 2),
        ),
    )


def _person_evidence(pairs: pd.DataFrame) -> pd.DataFrame:
    """Weigh a reception against the person, not one record of them. The best pair of each
    (reception, person) takes, for each comparison, the strongest level among the person's
    scored records that hold the value: a school contact gives the first name as the prisoner
    spells it and no date of birth, the housing record beside it the date of birth, one digit
    out. A value a record lacks is not known for that record only, so another record's date of
    birth that differs still counts against. The probability is the best pair's prior odds with
    the weights so chosen; ``borrowed`` names, per comparison, the record a level came from when
    it is another than the best pair's."""
    pairs = pairs.reset_index(drop=True)
    pairs["borrowed"] = [{} for _ in range(len(pairs))]
    keys = ["unique_id_r", "person_key"]
    several = pairs[pairs.duplicated(keys, keep=False)]
    if several.empty:
        return pairs
    order = several.sort_values(
        ["match_probability", "unique_id_l"], ascending=[False, True], kind="stable"
    )
    best = order.drop_duplicates(keys)
    best_row = pd.Series(best.index, index=pd.MultiIndex.from_frame(best[keys]))
    weight = {name: _comparison_weight(pairs, name) for name in COMPARISONS}
    before = sum(weight[name].loc[best.index] for name in COMPARISONS)
    for name in COMPARISONS:
        gamma = f"gamma_{name}"
        if gamma not in pairs:
            continue
        held = order[order[gamma] != -1]
        if held.empty:
            continue
        # The strongest level (Splink numbers them from the strongest down), not the heaviest:
        # a common surname's exact match, adjusted for its frequency, can weigh less than
        # another record's one-letter slip of it.
        chosen = held.sort_values(gamma, ascending=False, kind="stable").drop_duplicates(keys)
        targets = best_row.reindex(pd.MultiIndex.from_frame(chosen[keys])).to_numpy()
        columns = [
            c
            for c in (gamma, f"mw_{name}", f"mw_tf_adj_{name}", f"bf_{name}", f"bf_tf_adj_{name}")
            + (f"{EVIDENCE_COLUMNS[name]}_l",)
            if c in pairs
        ]
        for source, target in zip(chosen.index, targets, strict=True):
            if source == target or (
                pairs.at[target, gamma] != -1 and pairs.at[source, gamma] <= pairs.at[target, gamma]
            ):
                continue
            pairs.loc[target, columns] = pairs.loc[source, columns].to_numpy()
            pairs.at[target, "borrowed"] = {
                **pairs.at[target, "borrowed"],
                name: str(pairs.at[source, "unique_id_l"]),
            }
            weight[name][target] = weight[name][source]
    after = sum(weight[name].loc[best.index] for name in COMPARISONS)
    for row in best.index[(after != before).to_numpy()]:
        pairs.at[row, "match_probability"] = _with_weight(
            float(pairs.at[row, "match_probability"]), float(after[row] - before[row])
        )
    return pairs


def _comparison_weight(pairs: pd.DataFrame, name: str) -> pd.Series:
    """Each pair's match weight for one comparison, term frequency included."""
    if f"mw_{name}" not in pairs:
        return pd.Series(0.0, index=pairs.index)
    weight = pd.to_numeric(pairs[f"mw_{name}"], errors="coerce")
    tf = pairs.get(f"mw_tf_adj_{name}")
    if tf is not None:
        weight = weight + pd.to_numeric(tf, errors="coerce").fillna(0.0)
    return weight.fillna(0.0).astype(float)


def _dates_of_birth_by_person(records: pd.DataFrame) -> dict[str, set[date]]:
    dobs: dict[str, set[date]] = defaultdict(set)
    for key, dob in zip(records["person_key"], records["dob"], strict=True):
        if isinstance(dob, str) and dob:
            dobs[key].add(date.fromisoformat(dob))
    return dobs


def _shared_across_prison_numbers(pairs: pd.DataFrame, prison_numbers: dict[str, str]):
    """Give every reception of one prison number the best pair any of them has with each
    person (``via`` names the reception the evidence came from). Per group of receptions: a
    prisoner has a handful of receptions at most."""
    number_of = {str(k): v for k, v in prison_numbers.items() if v}
    groups: dict[str, list[str]] = defaultdict(list)
    for movement, number in number_of.items():
        groups[number].append(movement)
    shared = {m for members in groups.values() if len(members) > 1 for m in members}
    if not shared:
        return pairs
    pairs["prison_number"] = pairs["unique_id_r"].astype(str).map(number_of)
    inside = pairs[pairs["unique_id_r"].astype(str).isin(shared)]
    best = inside.sort_values(
        ["match_probability", "unique_id_l"], ascending=[False, True], kind="stable"
    ).drop_duplicates(["prison_number", "person_key"])
    own_best: dict[tuple[str, str], float] = {}
    for movement, person, probability in zip(
        inside["unique_id_r"].astype(str),
        inside["person_key"],
        inside["match_probability"],
        strict=True,
    ):
        key = (movement, person)
        own_best[key] = max(own_best.get(key, 0.0), float(probability))
    added = []
    for row in best.to_dict("records"):
        source = str(row["unique_id_r"])
        for movement in groups[row["prison_number"]]:
            if movement == source:
                continue
            if own_best.get((movement, row["person_key"]), -1.0) >= row["match_probability"]:
                continue
            added.append({**row, "unique_id_r": movement, "via": source})
    pairs = pairs.drop(columns=["prison_number"])
    if not added:
        return pairs
    extra = pd.DataFrame(added).drop(columns=["prison_number"])
    return pd.concat([pairs, extra], ignore_index=True)


def _shared_evidence(best, prison_numbers) -> tuple[FieldEvidence, ...]:
    if not isinstance(best["via"], str):
        return ()
    return (
        FieldEvidence(
            field="same_prisoner",
            reception_value=str((prison_numbers or {}).get(best["via"], "")),
            local_value=f"matched through movement {best['via']}",
            agreement="another reception with the same prison number",
            match_weight=0.0,
        ),
    )


def _postcode_area_by_person(records: pd.DataFrame) -> dict[str, str]:
    """Person -> the postcode area (``OX``, ``B``) most of their records' postcodes are in."""
    counts: dict[str, Counter] = defaultdict(Counter)
    if "postcode" not in records:
        return {}
    for key, postcode in zip(records["person_key"], records["postcode"], strict=True):
        area = context.postcode_area(postcode) if isinstance(postcode, str) else None
        if area:
            counts[key][area] += 1
    return {key: min(c, key=lambda a: (-c[a], a)) for key, c in counts.items()}


def _pair_area(row: dict, establishment: dict) -> str | None:
    """Where the local person of a pair lives: the matched record's postcode area, else the
    area most of the person's records are in."""
    postcode = row.get("postcode_l")
    area = context.postcode_area(postcode) if isinstance(postcode, str) else None
    return area or establishment["areas"].get(row["person_key"])


def _children_dobs_by_person(records: pd.DataFrame) -> dict[str, set[date]]:
    """Person -> the dates of birth of the children any of their records lists."""
    children: dict[str, set[date]] = defaultdict(set)
    for key, dobs in zip(records["person_key"], records["child_dobs"], strict=True):
        for dob in _dob_list(dobs):
            children[key].add(date.fromisoformat(dob))
    return children


def _dob_list(value) -> list[str]:
    if value is None or isinstance(value, float):
        return []
    return [v for v in list(value) if isinstance(v, str) and v]


# Agreement labels the band rules (engine.bands) read, named once where they are produced.
NOT_KNOWN = "not known"
DIFFERENT = "different"
EXACT = "exact"
SAID_NONE = "said they have none"
SAID_SOME = "said they have children"

# Date-of-birth levels that say the two dates are one (a typing slip at most).
DOB_AGREES = frozenset({"exact", "day and month swapped", "one digit different"})


def _level(row: dict, labels: dict[str, dict[int, str]], name: str) -> str | None:
    """The label of the pair's level of comparison ``name``."""
    gamma = row.get(f"gamma_{name}")
    return None if gamma is None else labels.get(name, {}).get(int(gamma))


def _sure_and_born_alike(row: dict, labels: dict[str, dict[int, str]], threshold: float) -> bool:
    """Whether the pair is sure (at ``threshold``) and agrees on the date of birth: the prisoner
    is known to be that person."""
    return (
        row["match_probability"] >= threshold and _level(row, labels, "date_of_birth") in DOB_AGREES
    )


def _beyond_the_name(row: dict, labels: dict[str, dict[int, str]]) -> bool:
    """Whether the pair agrees on the date of birth or the address, not only on the name."""
    return (
        _level(row, labels, "date_of_birth") in DOB_AGREES
        or _level(row, labels, "address") in ADDRESS_AGREES
    )


def agrees_beyond_the_name(fields: tuple[FieldEvidence, ...]) -> bool:
    """Whether a match's evidence agrees on the date of birth (a typing slip at most) or an
    address, not only on the name."""
    agreement = {f.field: f.agreement for f in fields}
    return (
        agreement.get("date_of_birth") in DOB_AGREES or agreement.get("address") in ADDRESS_AGREES
    )


def _dob_known(row: dict, labels: dict[str, dict[int, str]]) -> bool:
    return _level(row, labels, "date_of_birth") not in (None, "not known")


def _context_weights(
    scorer: Scorer,
    pairs,
    labels,
    children,
    reception_dob,
    declared_children,
    receptions,
    establishment,
) -> context.ContextWeights:
    """Estimate the context weights from this run's receptions and sure matches."""
    declared = declared_children or {}
    sure = []
    sure_establishments = {}
    rows = pairs[pairs["match_probability"] >= context.SURE].sort_values(
        ["match_probability", "unique_id_l"], ascending=[False, True], kind="stable"
    )
    for row in rows.to_dict("records"):
        movement = str(row["unique_id_r"])
        family = children.get(row["person_key"])
        exact = labels.get("date_of_birth", {}).get(int(row.get("gamma_date_of_birth", -1)))
        if exact == "exact" and movement not in sure_establishments:
            sure_establishments[movement] = (
                _pair_area(row, establishment),
                establishment["sex"].get(movement, ""),
                establishment["codes"].get(movement, ""),
            )
        if family and exact == "exact" and movement in reception_dob:
            sure.append((reception_dob[movement], sorted(family), declared.get(movement, "")))
    families = [[date.fromisoformat(d) for d in f] for f in scorer.families_sample()]
    return context.estimate(
        sure=sure,
        reception_borns=list(reception_dob.values()),
        reception_declared=[declared.get(str(uid), "") for uid in receptions["unique_id"]],
        local_families=families,
        sure_establishments=list(sure_establishments.values()),
        reception_establishments=[
            (establishment["sex"].get(str(uid), ""), establishment["codes"].get(str(uid), ""))
            for uid in receptions["unique_id"]
        ],
    )


def _context(
    row: dict,
    labels,
    children,
    reception_dob,
    declared_children,
    weights,
    establishment=None,
    doubtful=None,
) -> tuple[FieldEvidence, ...]:
    """The context evidence of one (person record, reception) pair, weighed. ``reception_dob``
    holds the dates of birth to weigh parent age with; ``doubtful`` (movement id -> age at
    reception) those shown but not weighed."""
    movement = str(row["unique_id_r"])
    prison = _establishment_evidence(row, labels, movement, weights, establishment)
    family = sorted(children.get(row["person_key"], ()))
    if not family:
        return prison
    born = reception_dob.get(movement)
    evidence = []
    count = f"{len(family)} {'child' if len(family) == 1 else 'children'} born " + (
        str(family[0].year)
        if family[0].year == family[-1].year
        else f"{family[0].year}–{family[-1].year}"
    )
    level = context.parent_age_level(born, family) if born is not None else None
    if born is not None and level is not None and not _dob_known(row, labels):
        # With both dates of birth known the date-of-birth comparison already says this.
        ages = sorted({_age(born, child) for child in family})
        at = f"{ages[0]}" if len(ages) == 1 else f"{ages[0]}–{ages[-1]}"
        evidence.append(
            FieldEvidence(
                field="parent_age",
                reception_value=f"aged {at} at the births",
                local_value=count,
                agreement=context.AGE_AGREEMENT[level],
                match_weight=_parent_age_weight(born, family, level, weights),
            )
        )
    elif movement in (doubtful or {}) and not _dob_known(row, labels):
        evidence.append(
            FieldEvidence(
                field="parent_age",
                reception_value=f"aged {doubtful[movement]} at reception",
                local_value=count,
                agreement=context.DOUBTFUL,
                match_weight=0.0,
            )
        )
    if declared_children is not None:
        said = declared_children.get(movement) or ""
        evidence.append(
            FieldEvidence(
                field="declared_children",
                reception_value={"Y": "said yes", "N": "said no"}.get(
                    said, "not asked or no answer"
                ),
                local_value=count,
                agreement={"Y": SAID_SOME, "N": SAID_NONE}.get(said, NOT_KNOWN),
                match_weight=weights.declared[said if said in ("Y", "N") else ""],
            )
        )
    return prison + tuple(evidence)


# Address levels at which the prison adds nothing: the address already places the prisoner.
ADDRESS_AGREES = frozenset(
    {
        "same postcode and street address",
        "same postcode",
        "same street address, postcode differs or not known",
        "same postcode district",
    }
)


def _establishment_evidence(
    row: dict, labels, movement: str, weights, establishment
) -> tuple[FieldEvidence, ...]:
    if establishment is None:
        return ()
    gamma = row.get("gamma_address")
    address = labels.get("address", {}).get(int(gamma)) if gamma is not None else None
    if address in ADDRESS_AGREES:
        return ()
    code = establishment["codes"].get(movement) or None
    area = _pair_area(row, establishment)
    weight = weights.establishment_weight(area, establishment["sex"].get(movement, ""), code)
    if weight is None or weight == 0:
        return ()
    return (
        FieldEvidence(
            field="establishment",
            reception_value=code or "",
            local_value=f"lives in {area}",
            agreement="where people from there are received"
            if weight > 0
            else "few people from there are received there",
            match_weight=weight,
        ),
    )


def _parent_age_weight(born: date, family: list[date], level: str, weights) -> float:
    """The band's weight where the run estimated one, else the level's."""
    band = context.parent_age_band(born, family)
    if band is not None and band in weights.parent_age_band:
        return weights.parent_age_band[band]
    return weights.parent_age[level]


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _with_weight(probability: float, weight: float) -> float:
    """The probability after adding ``weight`` (log2 Bayes factor) to its match weight."""
    if weight == 0 or probability <= 0 or probability >= 1:
        return float(probability)
    odds = probability / (1 - probability) * 2**weight
    return odds / (1 + odds)


def _generation_apart(born: date | None, person_dobs) -> bool:
    """True when every known date of birth of the person is a generation away from ``born``
    (one record with a mistyped decade does not veto a person whose other records agree), and
    none is one typing slip from it: 1986 typed as 1968, or 1981 as 1918, is the same person
    with two digits swapped, not a father and son."""
    return (
        born is not None
        and bool(person_dobs)
        and all(abs((born - other).days) > GENERATION_GAP_DAYS for other in person_dobs)
        and not any(one_slip(born.isoformat(), other.isoformat()) for other in person_dobs)
    )


def _evidence(
    pair: pd.Series, labels: dict[str, dict[int, str]], household: Set[str] = frozenset()
) -> tuple[FieldEvidence, ...]:
    """Each comparison's values, level and weight. ``household`` names the local records whose
    address was taken from a child they live with (``linkage.selectors``), which the local
    value then says."""
    weights = field_weights(pair)
    evidence = []
    for name in COMPARISONS:
        column = EVIDENCE_COLUMNS[name]
        gamma = pair.get(f"gamma_{name}")
        local = _text(pair.get(f"{column}_l"))
        borrowed = pair.get("borrowed")
        record = (borrowed or {}).get(name) if isinstance(borrowed, dict) else None
        if name == "address" and local and str(record or pair.get("unique_id_l")) in household:
            local += HOUSEHOLD_NOTE
        if record and local:
            local += f" (record {record})"
        evidence.append(
            FieldEvidence(
                field=name,
                reception_value=_text(pair.get(f"{column}_r")),
                local_value=local,
                agreement=labels.get(name, {}).get(int(gamma), "not known")
                if gamma is not None
                else "not known",
                match_weight=weights.get(name, 0.0),
            )
        )
    return tuple(evidence)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)
