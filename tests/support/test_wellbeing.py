"""Wellbeing scores: bounds and dates, the recording page, the chart over time (geometry and the
rendered SVG with its table) and the case page's latest score."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from paramount.access.models import AuditEvent, Role
from paramount.support.models import Occasion, Scorer, WellbeingScore
from paramount.support.services.cases import SupportError
from paramount.support.services.wellbeing import ScoreDetails, wellbeing_record
from paramount.web import charts

pytestmark = pytest.mark.django_db


def _record(case, user, **overrides):
    values = {
        "child": case.children.first(),
        "scored_on": timezone.localdate(),
        "occasion": Occasion.REVIEW,
        "scored_by": Scorer.CHILD,
        "score": 6,
        "sdq_total": None,
    } | overrides
    return wellbeing_record(case=case, details=ScoreDetails(**values), acting_user=user)


@pytest.mark.parametrize("score, sdq", [(0, 0), (10, 40), (7, None)])
def test_scores_within_bounds_are_kept_and_audited(support, score, sdq):
    case = support.at("SUPPORTED")
    saved = _record(case, support.practitioner, score=score, sdq_total=sdq)
    assert (saved.score, saved.sdq_total) == (score, sdq)
    assert AuditEvent.objects.filter(
        action="support.wellbeing_scored", subject_id=str(saved.pk)
    ).exists()


def test_out_of_bounds_and_future_scores_are_refused(support):
    case = support.at("SUPPORTED")
    with pytest.raises(SupportError, match="0 to 10, not 11"):
        _record(case, support.practitioner, score=11)
    with pytest.raises(SupportError, match="0 to 40, not 41"):
        _record(case, support.practitioner, sdq_total=41)
    with pytest.raises(SupportError, match="in the future"):
        _record(case, support.practitioner, scored_on=timezone.localdate() + timedelta(days=1))
    assert not WellbeingScore.objects.exists()


def test_only_the_case_workers_record_scores_and_not_after_consent_is_withdrawn(support, make_user):
    case = support.at("SUPPORTED")
    for role in (Role.CHARITY_PRACTITIONER, Role.VOLUNTEER_MENTOR):
        with pytest.raises(SupportError, match="Only"):
            _record(case, make_user(role))
    type(case.referral).objects.filter(pk=case.referral_id).update(
        consent_withdrawn_at=timezone.now()
    )
    case.referral.refresh_from_db()
    with pytest.raises(SupportError, match="withdrew consent"):
        _record(case, support.practitioner)
    assert not WellbeingScore.objects.exists()


def test_the_page_refuses_11_and_41_and_records_a_good_score(support, signed_in):
    case = support.at("SUPPORTED")
    child = case.children.get()
    client = signed_in(support.practitioner)
    url = reverse("support:wellbeing", args=[case.pk, child.pk])
    assert client.get(url).status_code == 200
    base = {
        "scored_on": timezone.localdate().isoformat(),
        "occasion": Occasion.REVIEW,
        "scored_by": Scorer.CARER,
    }
    html = client.post(url, base | {"score": "11", "sdq_total": "41"}).content.decode()
    assert "Choose a score from 0 to 10" in html
    assert "An SDQ total is 0 to 40" in html
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    html = client.post(url, base | {"score": "5", "scored_on": future}).content.decode()
    assert "in the future" in html
    assert not WellbeingScore.objects.exists()
    response = client.post(url, base | {"score": "8", "sdq_total": "12"})
    assert response.status_code == 302
    assert response["Location"] == reverse("support:child_wellbeing", args=[case.pk, child.pk])
    score = WellbeingScore.objects.get()
    assert (score.score, score.sdq_total, score.scored_by) == (8, 12, Scorer.CARER)


# --- the chart --------------------------------------------------------------------------


def test_line_chart_geometry_for_known_scores():
    start = date(2026, 9, 1)
    chart = charts.line_chart(
        title="Ada's wellbeing scores",
        series=[
            (
                "child",
                "The child",
                [(start, 0), (start + timedelta(10), 5), (start + timedelta(20), 10)],
            ),
            ("carer", "The parent or carer", [(start + timedelta(10), 7)]),
            ("practitioner", "The practitioner", []),
        ],
        maximum=10,
        step=2,
        axis_title="Wellbeing score",
        benchmark=("Benchmark: 7 out of 10", 7),
    )
    # The plot runs from x 56 to 600 (the legend to its right) and y 28 (10) to 268 (0); the
    # first and last days sit 24 inside it.
    assert (chart.plot_left, chart.plot_right, chart.plot_top, chart.plot_bottom) == (
        56,
        600,
        28,
        268,
    )
    child, carer = chart.series  # a scorer with no scores draws no line
    assert [(p.x, p.y) for p in child.points] == [(80, 268), (328, 148), (576, 28)]
    assert [(p.x, p.y) for p in carer.points] == [(328, 100)]
    assert (child.shape, carer.shape) == ("circle", "square")
    assert child.polyline == "80.0,268.0 328.0,148.0 576.0,28.0"
    assert chart.benchmark.y == 100  # 7 out of 10
    assert [t.label for t in chart.value_ticks] == ["0", "2", "4", "6", "8", "10"]
    assert [t.label for t in chart.date_ticks] == ["1 Sep 2026", "11 Sep 2026", "21 Sep 2026"]
    assert chart.label == (
        "Line chart of Ada's wellbeing scores, wellbeing score from 0 to 10, with Benchmark: 7 "
        "out of 10 marked at 7: The child: 0 on 1 September 2026, 5 on 11 September 2026, 10 on "
        "21 September 2026; The parent or carer: 7 on 11 September 2026."
    )


def test_one_day_sits_in_the_middle_and_crowded_dates_are_thinned():
    day = date(2026, 10, 5)
    single = charts.line_chart(
        title="x", series=[("child", "The child", [(day, 4)])], maximum=10, step=2, axis_title="y"
    )
    assert (single.series[0].points[0].x, single.series[0].points[0].y) == (328, 172)
    assert single.benchmark is None
    crowded = charts.line_chart(
        title="x",
        series=[("child", "The child", [(day + timedelta(i), i % 11) for i in range(30)])],
        maximum=10,
        step=2,
        axis_title="y",
    )
    xs = [t.x for t in crowded.date_ticks]
    assert 2 <= len(xs) <= 6
    assert all(b - a >= charts.DATE_LABEL_ROOM for a, b in zip(xs, xs[1:], strict=False))


def test_the_chart_page_draws_the_svg_with_the_same_figures_in_a_table(support, signed_in):
    case = support.at("SUPPORTED")
    child = case.children.get()
    today = timezone.localdate()
    for days_ago, scorer, score, sdq in [
        (20, Scorer.CHILD, 3, 25),
        (10, Scorer.CHILD, 6, None),
        (0, Scorer.CHILD, 8, 14),
        (10, Scorer.CARER, 5, None),
        (0, Scorer.PRACTITIONER, 7, None),
    ]:
        WellbeingScore.objects.create(
            child=child,
            scored_on=today - timedelta(days=days_ago),
            occasion=Occasion.REVIEW,
            scored_by=scorer,
            score=score,
            sdq_total=sdq,
            recorded_by=support.practitioner,
            recorded_at=timezone.now(),
        )
    response = signed_in(support.practitioner).get(
        reverse("support:child_wellbeing", args=[case.pk, child.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg class="app-chart"') == 2  # the scores, and the SDQ totals
    assert html.count('class="app-line-chart__line app-line-chart__line--child"') == 4
    assert "app-line-chart__line--carer" in html
    assert "app-line-chart__line--practitioner" in html
    assert 'class="app-line-chart__benchmark"' in html
    assert "Benchmark: 7 out of 10" in html
    # The child's line: 20, 10 and 0 days ago at 3, 6 and 8 (y = 268 - score × 24).
    assert 'points="80.0,196.0 328.0,124.0 576.0,76.0"' in html
    assert 'aria-label="Line chart of' in html
    assert ' style="' not in html  # the CSP allows no inline styles
    # The table has every score.
    assert html.count('<td class="govuk-table__cell govuk-table__cell--numeric">') >= 10
    assert ">25<" in html and ">14<" in html
    assert AuditEvent.objects.filter(
        action="support.case_viewed", after__page="child_wellbeing"
    ).exists()


def test_a_child_never_scored_shows_no_chart(support, signed_in):
    case = support.at("SUPPORTED")
    child = case.children.get()
    html = (
        signed_in(support.practitioner)
        .get(reverse("support:child_wellbeing", args=[case.pk, child.pk]))
        .content.decode()
    )
    assert "<svg" not in html.split("main-content")[1]
    assert "No wellbeing score has been recorded" in html


def test_the_case_page_shows_each_childs_latest_score_and_links_the_chart(support, signed_in):
    case = support.at("SUPPORTED")
    child = case.children.get()
    _record(case, support.practitioner, score=4, scored_on=timezone.localdate() - timedelta(1))
    _record(case, support.practitioner, score=9, scored_by=Scorer.CARER, sdq_total=11)
    html = signed_in(support.practitioner).get(reverse("support:case", args=[case.pk]))
    html = html.content.decode()
    assert "9 out of 10, given by the parent or carer" in html
    assert "SDQ total 11" in html
    assert reverse("support:child_wellbeing", args=[case.pk, child.pk]) in html
