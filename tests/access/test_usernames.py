"""One spelling per account (SECURITY 6): the canonical form, creating accounts, the database's
refusal of any other spelling, and the migration that brought existing usernames into line."""

import importlib

import pytest
from conftest import PASSWORD
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction

from paramount.access.models import AuditEvent, Role
from paramount.access.selectors import user_by_username
from paramount.access.services import UserCreateError, user_create
from paramount.access.usernames import username_canonical, username_problem

pytestmark = pytest.mark.django_db

migration = importlib.import_module("paramount.access.migrations.0006_usernames_canonical")

CYRILLIC_E = "\u0435"  # looks like a Latin "e"; NFKC and case folding leave it as it is


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("mentor", "mentor"),
        ("MENTOR", "mentor"),
        ("  Mentor\t", "mentor"),
        ("ｍentor", "mentor"),  # full-width m
        ("𝐦entor", "mentor"),  # mathematical bold m
        ("ＭＥＮＴＯＲ", "mentor"),
        ("Straße", "strasse"),  # case folding, not just lower case
        ("ﬁona", "fiona"),  # a ligature
        (f"m{CYRILLIC_E}ntor", f"m{CYRILLIC_E}ntor"),
        (None, ""),
    ],
)
def test_the_canonical_form(typed, canonical):
    assert username_canonical(typed) == canonical


def test_only_plain_characters_make_a_username():
    assert username_problem("a.person-2_x@example.org") is None
    assert "only lower-case letters" in username_problem(f"m{CYRILLIC_E}ntor")
    assert "only lower-case letters" in username_problem("o'brien")
    assert username_problem("") == "Enter a username."
    assert "at most 150" in username_problem("a" * 151)


def _create(username, password=PASSWORD):
    return user_create(
        username=username,
        first_name="Test",
        last_name="Person",
        password=password,
        acting_user=None,
    )


def test_an_account_is_made_under_the_canonical_username_and_audited(make_user):
    admin = make_user(Role.ADMIN, username="setup_admin")
    user = user_create(
        username="New.Person@Example.org",
        first_name=" Test ",
        last_name="Person",
        password=PASSWORD,
        acting_user=admin,
    )
    assert user.username == "new.person@example.org" and user.first_name == "Test"
    assert user.check_password(PASSWORD)
    event = AuditEvent.objects.get(action="user.created")
    assert (event.actor, event.subject_id) == (admin, str(user.pk))
    assert user_by_username("NEW.PERSON@EXAMPLE.ORG") == user


@pytest.mark.parametrize("look_alike", ["mentor", "Mentor", "ｍentor", "𝐦entor", " MENTOR "])
def test_a_spelling_of_a_taken_username_cannot_be_made(look_alike):
    _create("mentor")
    with pytest.raises(UserCreateError, match="taken.*No account was made"):
        _create(look_alike)
    assert get_user_model().objects.count() == 1


@pytest.mark.parametrize(
    "username", [f"m{CYRILLIC_E}ntor", "mentor\u200b", "o'brien", "two words", ""]
)
def test_a_username_outside_the_plain_characters_cannot_be_made(username):
    with pytest.raises(UserCreateError, match="No account was made; choose another username"):
        _create(username)
    assert not get_user_model().objects.exists()
    assert not AuditEvent.objects.filter(action="user.created").exists()


def test_a_weak_password_makes_no_account():
    with pytest.raises(UserCreateError, match="too short.*No account was made"):
        _create("newcomer", password="short-1")
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("username", ["Mentor", "ｍentor", f"m{CYRILLIC_E}ntor", ""])
def test_the_database_refuses_a_username_that_is_not_canonical(username):
    User = get_user_model()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username=username)
    user = User.objects.create(username="mentor")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(username=username)


class _Editor:
    """What the migration's functions use of a schema editor, on the test's own connection (and
    so inside the test's transaction, which undoes it all)."""

    connection = connection

    def execute(self, statement):
        with connection.cursor() as cursor:
            cursor.execute(statement)


def _without_backstop(*usernames):
    """Users with these usernames, made as if before the migration (backstop lifted)."""
    from django.apps import apps

    migration.drop_backstop(apps, _Editor())
    users = [get_user_model().objects.create(username=username) for username in usernames]
    return apps, users


def test_the_migration_makes_existing_usernames_canonical_and_audits_it():
    apps, (mentor, manager, analyst) = _without_backstop("Mentor", "ＭＡＮＡＧＥＲ", "analyst")
    migration.canonicalise_usernames(apps, _Editor())
    migration.add_backstop(apps, _Editor())
    names = get_user_model().objects.order_by("pk").values_list("username", flat=True)
    assert list(names) == ["mentor", "manager", "analyst"]
    events = AuditEvent.objects.filter(action="user.username_canonicalised").order_by("id")
    assert [(e.subject_id, e.after["username"]) for e in events] == [
        (str(mentor.pk), "mentor"),
        (str(manager.pk), "manager"),
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        get_user_model().objects.create(username="Another")


def test_the_migration_stops_when_two_accounts_would_share_a_username():
    apps, (upper, lower, other) = _without_backstop("Mentor", "mentor", "Analyst")
    with pytest.raises(RuntimeError, match=rf"username: {upper.pk} and {lower.pk}\. Nothing"):
        migration.canonicalise_usernames(apps, _Editor())
    names = get_user_model().objects.order_by("pk").values_list("username", flat=True)
    assert list(names) == ["Mentor", "mentor", "Analyst"]


def test_the_migration_stops_at_a_username_outside_the_plain_characters():
    apps, (_, look_alike) = _without_backstop("Mentor", f"M{CYRILLIC_E}ntor")
    with pytest.raises(RuntimeError, match=rf"user ids {look_alike.pk} do not.*Nothing"):
        migration.canonicalise_usernames(apps, _Editor())
    assert get_user_model().objects.filter(username="Mentor").exists()
