from datetime import timedelta

import pytest
from django.utils import timezone

from paramount.events import services
from paramount.events.models import EventKind, GroupEvent


class EventBuilder:
    """Events put on by the support builder's manager, through the service the page uses."""

    def __init__(self, support):
        self.support = support

    def make(self, kind=EventKind.FAMILY_DAY, *, capacity=10, title=None, starts_in_days=7):
        starts_at = timezone.now() + timedelta(days=starts_in_days)
        return services.event_create(
            details=services.EventDetails(
                kind=kind,
                title=title or f"{EventKind(kind).label} at the park",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=3),
                location="Florence Park community centre",
                capacity=capacity,
            ),
            acting_user=self.support.manager,
        )

    @staticmethod
    def start(event, *, ended=False):
        """Move the event into the past, as time passing would (no service changes times)."""
        starts_at = timezone.now() - timedelta(hours=5 if ended else 1)
        GroupEvent.objects.filter(pk=event.pk).update(
            starts_at=starts_at, ends_at=starts_at + timedelta(hours=3)
        )
        event.refresh_from_db()
        return event

    def invite(self, event, case, *, carer=False, children=None, acting_user=None):
        return services.invitation_send(
            event=event,
            case=case,
            children=list(case.children.all()) if children is None else children,
            include_carer=carer,
            acting_user=acting_user or self.support.manager,
        )


@pytest.fixture
def events(support):
    return EventBuilder(support)
