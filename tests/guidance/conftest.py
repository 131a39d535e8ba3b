import importlib

import pytest
from django.apps import apps

from paramount.guidance.models import GuidanceSection

_seed = importlib.import_module("paramount.guidance.migrations.0002_seed_sections").seed


@pytest.fixture(autouse=True)
def seeded_guidance(db):
    """The guidance the data migration seeds. A transactional test elsewhere in the run (the
    browser tests) empties every table when it ends, so put it back if it has gone."""
    if not GuidanceSection.objects.exists():
        _seed(apps, None)
