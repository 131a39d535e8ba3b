"""SECURITY 20: every field of every Paramount model is classified and has a retention rule."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from paramount.config import CONTROLLER_KEYS, DEFAULT_CONTROLLERS, ConfigError, load
from paramount.config import current as current_config
from paramount.privacy.registry import (
    FILE_STORES,
    NOT_PERSONAL_STORES,
    PROCESSING_ACTIVITIES,
    REGISTRY,
    SECURITY_MEASURES,
    SERVICE_STORES,
    Classification,
    Regime,
    personal_models,
    retention_categories,
)
from paramount.privacy.selectors import ropa_markdown


def _paramount_models():
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("paramount.")
        for model in config.get_models(include_auto_created=True)
    ]


def test_every_field_of_every_paramount_model_is_in_the_registry():
    missing = []
    for model in _paramount_models():
        label = model._meta.label
        if label not in REGISTRY:
            missing.append(f"{label} (the whole model)")
            continue
        for field in model._meta.concrete_fields:
            if field.name not in REGISTRY[label].fields:
                missing.append(f"{label}.{field.name}")
        for field in model._meta.many_to_many:
            if field.name not in REGISTRY[label].fields:
                missing.append(f"{label}.{field.name} (many-to-many)")
    assert not missing, (
        "classify these in paramount/privacy/registry.py (classification and retention): "
        + ", ".join(missing)
    )


def test_every_registry_entry_names_a_field_that_exists():
    stale = []
    for label, entry in REGISTRY.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            stale.append(f"{label} (no such model)")
            continue
        names = {f.name for f in model._meta.concrete_fields} | {
            f.name for f in model._meta.many_to_many
        }
        stale += [f"{label}.{name}" for name in entry.fields if name not in names]
        stale += [
            f"{label}.{name} (retention)" for name in entry.field_retention if name not in names
        ]
    assert not stale, "remove from paramount/privacy/registry.py: " + ", ".join(stale)


def test_the_meta_test_covers_every_paramount_app():
    covered = {label.split(".")[0] for label in REGISTRY}
    for app in ("feeds", "linkage", "identification", "families", "screening", "outreach"):
        assert app in covered
    assert {"access", "privacy"} <= covered


def test_every_classification_is_one_of_the_four_and_every_retention_rule_is_configured():
    configured = set(current_config().retention.categories)
    assert retention_categories() <= configured, retention_categories() - configured
    for label, entry in REGISTRY.items():
        assert all(isinstance(c, Classification) for c in entry.fields.values()), label
        if entry.holds_personal_data:
            assert entry.data_subjects and entry.lawful_basis, label


def test_the_highest_risk_data_is_classified_as_such():
    assert REGISTRY["feeds.PrisonMovement"].fields["offence_description"] == "criminal_offence"
    assert REGISTRY["feeds.PersonRecord"].fields["csc_status"] == "special_category"
    assert REGISTRY["screening.ScreeningDecision"].fields["rationale"] == "special_category"
    assert "feeds.PersonRecord" in personal_models()
    assert "linkage.LinkageModel" not in personal_models()


def test_ropa_has_a_section_per_model_with_every_heading():
    text = ropa_markdown()
    for label, entry in REGISTRY.items():
        section = text.split(f"## {label}\n", 1)[1].split("\n## ", 1)[0]
        for heading in (
            "Purpose",
            "Data subjects",
            "Classification",
            "Processing",
            "Lawful basis",
            "Recipients",
            "Retention",
        ):
            assert f"**{heading}:**" in section, (label, heading)
        assert entry.purpose in section
    assert "| case_records | 6 years (2190 days) |" in text
    assert "- **Classification:** criminal offence data" in text


@pytest.mark.django_db
def test_ropa_command_writes_the_record_to_a_file(tmp_path):
    out = tmp_path / "ropa.md"
    call_command("privacy", "ropa", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Record of processing activities")
    assert "## screening.ScreeningDecision" in text and "## privacy.SubjectAccessRequest" in text


def test_retention_periods_come_from_configuration(tmp_path):
    source = Path(load.__code__.co_filename).with_name("default.toml").read_text()
    changed = source.replace("case_records = 2190", "case_records = 3650")
    path = tmp_path / "paramount.toml"
    path.write_text(changed)
    config = load(path)
    assert config.retention.days("case_records") == 3650
    assert "| case_records | 10 years (3650 days) |" in ropa_markdown(config=config)


@pytest.mark.parametrize("value", ["0", "-5", '"two years"', "1.5", "true"])
def test_a_retention_period_that_is_not_a_whole_positive_number_of_days_is_refused(tmp_path, value):
    source = Path(load.__code__.co_filename).with_name("default.toml").read_text()
    path = tmp_path / "paramount.toml"
    path.write_text(source.replace("quarantine = 90", f"quarantine = {value}"))
    with pytest.raises(ConfigError, match=r"\[retention\] quarantine"):
        load(path)


def test_a_configuration_without_retention_keeps_the_defaults(tmp_path):
    source = Path(load.__code__.co_filename).with_name("default.toml").read_text()
    path = tmp_path / "paramount.toml"
    path.write_text(source.split("[retention]")[0])
    assert load(path).retention.days("audit_trail") == 2190


# --- Issue 15 finding 11: a record of processing complete for Art. 30 and DPA 2018 Part 3 --------

ARTICLE_30_HEADINGS = (
    "## (a) Controllers and data protection officers",
    "## (b) Purposes of the processing",
    "## (c) Data subjects and categories of personal data",
    "## (d) Recipients",
    "## (e) Transfers to third countries or international organisations",
    "## (f) Retention",
    "## (g) Security measures",
)


def _between(text: str, heading: str) -> str:
    return text.split(heading + "\n", 1)[1].split("\n## ", 1)[0]


def test_ropa_has_every_article_30_heading_in_order_and_the_part_3_statement():
    text = ropa_markdown()
    positions = [text.index(heading + "\n") for heading in ARTICLE_30_HEADINGS]
    assert positions == sorted(positions)
    part_3 = _between(text, "## Law enforcement processing (DPA 2018 Part 3)")
    for activity in PROCESSING_ACTIVITIES:
        assert f"| {activity.name} |" in part_3 and activity.why_regime in part_3
    assert "DPA 2018 s.61(2)(g)" in part_3 and "s.62" in part_3
    assert "None." in _between(text, ARTICLE_30_HEADINGS[4])
    security = _between(text, "## (g) Security measures")
    for measure, detail in SECURITY_MEASURES:
        assert f"- **{measure}:** {detail}" in security
    for words in ("Encryption at rest", "Multi-factor", "Least privilege", "TLS", "Backups"):
        assert words in security, words


def test_ropa_names_each_controller_and_data_protection_officer_from_configuration(tmp_path):
    text = ropa_markdown()
    controllers = _between(text, ARTICLE_30_HEADINGS[0])
    for controller in current_config().controllers:
        for value in (controller.name, controller.contact, controller.dpo, controller.dpo_contact):
            assert value in controllers
    source = Path(load.__code__.co_filename).with_name("default.toml").read_text()
    path = tmp_path / "paramount.toml"
    path.write_text(
        source.replace('dpo_contact = "dpo@charity.example"', 'dpo_contact = "x@y.example"')
    )
    assert "x@y.example" in ropa_markdown(config=load(path))


def test_ropa_lists_staff_accounts_second_factor_sessions_and_every_file_store():
    text = ropa_markdown()
    accounts = _between(text, "## Staff accounts, second factor and sessions")
    for label in ("auth.User", "otp_totp.TOTPDevice", "otp_static.StaticToken", "sessions.Session"):
        assert f"`{label}`" in accounts, label
    files = _between(text, "## Files holding personal data")
    for store in FILE_STORES:
        assert f"| {store.name} |" in files and store.how_removed in files


def test_every_installed_table_outside_paramount_is_in_the_record_or_holds_no_personal_data():
    listed = {store.label for store in SERVICE_STORES} | set(NOT_PERSONAL_STORES)
    outside = {
        model._meta.label
        for model in apps.get_models()
        if not model._meta.app_config.name.startswith("paramount.")
    }
    assert outside - listed == set(), (
        "add these to SERVICE_STORES (or NOT_PERSONAL_STORES, with why) in "
        "paramount/privacy/registry.py: " + ", ".join(sorted(outside - listed))
    )
    assert listed - outside == set(), "no such table: " + ", ".join(sorted(listed - outside))
    configured = set(current_config().retention.categories)
    assert {s.retention for s in SERVICE_STORES if s.retention} <= configured
    assert {s.retention for s in FILE_STORES} <= configured


def test_every_personal_model_and_store_is_in_a_processing_activity_of_a_known_controller():
    in_activities = {label for a in PROCESSING_ACTIVITIES for label in a.models}
    assert set(personal_models()) - in_activities == set()
    assert in_activities <= set(REGISTRY)
    stores = {a_store for a in PROCESSING_ACTIVITIES for a_store in a.stores}
    assert stores == {s.label for s in SERVICE_STORES} | {f.name for f in FILE_STORES}
    for activity in PROCESSING_ACTIVITIES:
        assert activity.controller in CONTROLLER_KEYS, activity.name
        assert activity.why_regime and activity.purposes and activity.lawful_basis


def test_the_polices_processing_to_referral_is_part_3_and_the_partners_is_uk_gdpr():
    def regimes(label):
        return {a.regime for a in PROCESSING_ACTIVITIES if label in a.models}

    for label in (
        "feeds.PrisonMovement",
        "identification.Identification",
        "screening.ScreeningFlag",
    ):
        assert regimes(label) == {Regime.LAW_ENFORCEMENT}, label
    for label in ("support.SupportSession", "events.EventInvitation"):
        assert regimes(label) == {Regime.UK_GDPR}, label
    # The referral is both: the police's disclosure and the partner's record.
    assert regimes("outreach.Referral") == {Regime.LAW_ENFORCEMENT, Regime.UK_GDPR}
    assert REGISTRY["feeds.PrisonMovement"].lawful_basis.startswith("DPA 2018 Part 3")


def test_the_default_controllers_are_the_configured_ones():
    assert load().controllers == DEFAULT_CONTROLLERS
    assert [c.key for c in DEFAULT_CONTROLLERS] == list(CONTROLLER_KEYS)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'dpo_contact = "dpo@police.example"',
            'dpo_contact = ""',
            r"controllers.police\] dpo_contact",
        ),
        ("[controllers.partner]", "[controllers.charity]", r"needs \[controllers.partner\]"),
    ],
)
def test_a_controller_without_its_contacts_is_refused(tmp_path, old, new, message):
    source = Path(load.__code__.co_filename).with_name("default.toml").read_text()
    assert old in source
    path = tmp_path / "paramount.toml"
    path.write_text(source.replace(old, new))
    with pytest.raises(ConfigError, match=message):
        load(path)
