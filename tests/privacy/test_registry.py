"""SECURITY 20: every field of every Paramount model is classified and has a retention rule."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from paramount.config import ConfigError, load
from paramount.config import current as current_config
from paramount.privacy.registry import (
    REGISTRY,
    Classification,
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
