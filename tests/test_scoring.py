import datetime as dt

import pytest

from okrfile import scoring
from okrfile.model import Period
from okrfile.periods import calendar_quarter, elapsed_share

D = dt.date


@pytest.mark.parametrize(
    "start, target, current, progress, score",
    [
        (0, 100, 50, 0.5, 0.5),  # increasing
        (48, 12, 30, 0.5, 0.5),  # decreasing: one formula
        (48, 12, 48, 0.0, 0.0),
        (48, 12, 12, 1.0, 1.0),
        (0, 10, 14, 1.4, 1.0),  # overachieved: raw progress kept, score clamped
        (48, 12, 60, -1 / 3, 0.0),  # went the wrong way
        (108, 115, 111, 3 / 7, 3 / 7),
        (-10, 10, 0, 0.5, 0.5),
    ],
)
def test_metric(start, target, current, progress, score):
    result = scoring.score_key_result("metric", start=start, target=target, current=current)
    assert result.progress == pytest.approx(progress)
    assert result.score == pytest.approx(score)
    assert result.pending is False


def test_metric_start_equals_target_is_an_error():
    with pytest.raises(ValueError):
        scoring.metric_progress(5, 5, 5)


@pytest.mark.parametrize(
    "kind, kwargs, progress, score, pending",
    [
        ("metric", {"start": 0, "target": 10}, None, 0.0, True),
        ("milestone", {"done": True}, 1.0, 1.0, False),
        ("milestone", {"done": False}, 0.0, 0.0, False),
        ("milestone", {}, None, 0.0, True),
        ("stay_below", {"threshold": 1.5, "current": 1.2}, 1.0, 1.0, False),
        ("stay_below", {"threshold": 1.5, "current": 1.5}, 1.0, 1.0, False),  # on the line holds it
        ("stay_below", {"threshold": 1.5, "current": 1.6}, 0.0, 0.0, False),
        ("stay_above", {"threshold": 80, "current": 82}, 1.0, 1.0, False),
        ("stay_above", {"threshold": 80, "current": 79.9}, 0.0, 0.0, False),
        ("stay_above", {"threshold": 80}, None, 0.0, True),
        # over a history: the share of check-ins that held the line
        ("stay_below", {"threshold": 5, "history": [4, 6, 5, 7]}, 0.5, 0.5, False),
        ("stay_above", {"threshold": 5, "history": [6, 6, 6, 4]}, 0.75, 0.75, False),
    ],
)
def test_other_types(kind, kwargs, progress, score, pending):
    result = scoring.score_key_result(kind, **kwargs)
    assert result.progress == (None if progress is None else pytest.approx(progress))
    assert result.score == pytest.approx(score)
    assert result.pending is pending


@pytest.mark.parametrize(
    "pairs, expected",
    [
        ([(1.0, 1), (0.0, 1)], 0.5),
        ([(1.0, 2), (0.0, 1)], 2 / 3),
        ([(0.5, 1)], 0.5),
        ([(0.9, 0.5), (0.3, 1.5)], 0.45),
        ([], None),
    ],
)
def test_weighted_mean(pairs, expected):
    result = scoring.weighted_mean(pairs)
    assert result == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    "score, bands, grade",
    [
        (0.7, (0.7, 0.4), "green"),
        (0.69, (0.7, 0.4), "yellow"),
        (0.4, (0.7, 0.4), "yellow"),
        (0.39, (0.7, 0.4), "red"),
        (0.0, (0.7, 0.4), "red"),
        (1.0, (0.7, 0.4), "green"),
        (0.75, (0.8, 0.5), "yellow"),  # configured bands
        (None, (0.7, 0.4), None),
    ],
)
def test_grade(score, bands, grade):
    assert scoring.grade(score, *bands) == grade


@pytest.mark.parametrize(
    "kind, progress, score, expected, stale, pending, on_track",
    [
        ("metric", 0.5, 0.5, 0.58, False, False, True),
        ("metric", 0.33, 0.33, 0.58, False, False, True),  # trails by exactly 0.25: still on track
        ("metric", 0.32, 0.32, 0.58, False, False, False),
        ("metric", 1.2, 1.0, 0.9, False, False, True),
        ("metric", 0.9, 0.9, 0.5, True, False, False),  # stale is never on track
        ("metric", None, 0.0, 0.5, False, True, None),  # pending: nothing to judge
        ("milestone", 0.0, 0.0, 0.2, False, False, True),
        ("milestone", 0.0, 0.0, 0.3, False, False, False),
        ("stay_below", 1.0, 1.0, 0.9, False, False, True),
        ("stay_below", 0.0, 0.0, 0.1, False, False, False),
    ],
)
def test_pace(kind, progress, score, expected, stale, pending, on_track):
    assert scoring.on_track(kind, progress, score, expected, stale=stale, pending=pending) is on_track


def test_stay_on_track_follows_the_latest_value():
    broke_once = scoring.score_key_result("stay_below", threshold=5, history=[6, 4, 4, 4])
    assert (broke_once.score, broke_once.holding) == (0.75, True)
    assert scoring.on_track("stay_below", broke_once.progress, broke_once.score, 0.5, stale=False, pending=False, holding=True)
    breaking_now = scoring.score_key_result("stay_below", threshold=5, history=[4, 4, 4, 6])
    assert (breaking_now.score, breaking_now.holding) == (0.75, False)


@pytest.mark.parametrize(
    "value_date, today, stale",
    [
        (None, D(2026, 11, 23), None),  # no date: not judged
        (D(2026, 11, 23), D(2026, 11, 23), False),  # today is a Monday, value from today
        (D(2026, 11, 16), D(2026, 11, 23), False),  # last Monday's value
        (D(2026, 11, 15), D(2026, 11, 23), False),  # missed the 16th; today's Monday is not over yet
        (D(2026, 11, 15), D(2026, 11, 24), True),  # missed two Mondays
        (D(2026, 11, 8), D(2026, 11, 23), True),  # missed the 9th and the 16th
        (D(2026, 11, 9), D(2026, 11, 18), False),  # Wednesday: the last two Mondays are 16th and 9th
        (D(2026, 11, 8), D(2026, 11, 18), True),
    ],
)
def test_stale(value_date, today, stale):
    assert scoring.is_stale(value_date, today, "monday") is stale


def test_stale_follows_the_checkin_day():
    # check-in day Friday: on Monday 23rd the last two Fridays are 20th and 13th
    assert scoring.is_stale(D(2026, 11, 13), D(2026, 11, 23), "friday") is False
    assert scoring.is_stale(D(2026, 11, 12), D(2026, 11, 23), "friday") is True


@pytest.mark.parametrize(
    "period, start, end",
    [
        ("2026-Q1", D(2026, 1, 1), D(2026, 3, 31)),
        ("2026-Q4", D(2026, 10, 1), D(2026, 12, 31)),
        ("2024-Q1", D(2024, 1, 1), D(2024, 3, 31)),
        ("2026-Q5", None, None),
        ("2026-H2", None, None),
    ],
)
def test_calendar_quarters(period, start, end):
    quarter = calendar_quarter(period)
    assert (quarter.start, quarter.end) == (start, end) if start else quarter is None


@pytest.mark.parametrize(
    "today, share",
    [
        (D(2026, 9, 30), 0.0),
        (D(2026, 10, 1), 1 / 10),
        (D(2026, 10, 5), 5 / 10),
        (D(2026, 10, 10), 1.0),
        (D(2027, 1, 1), 1.0),
    ],
)
def test_elapsed_share(today, share):
    period = Period("P", D(2026, 10, 1), D(2026, 10, 10))
    assert elapsed_share(period, today) == pytest.approx(share)


@pytest.mark.parametrize(
    "score, grade",
    [
        (0.7 * 3 / 3, "green"),  # 0.6999999999999998: kept, shown and graded as 0.70
        ((1.15 - 0.1) / (1.6 - 0.1), "green"),  # 0.6999999999999998 too
        (0.69996, "green"),  # kept as 0.7, as the JSON has it
        (0.69994, "yellow"),  # kept as 0.6999
        (0.697, "yellow"),
        (0.4 - 1e-12, "yellow"),
    ],
)
def test_grade_is_of_the_score_as_kept(score, grade):
    assert scoring.grade(score, 0.7, 0.4) == grade


def test_pace_is_of_progress_as_kept():
    # 0.7 * 3 / 3 against an expected 0.95: trails by 0.25 exactly, once float noise is settled
    assert scoring.on_track("metric", 0.7 * 3 / 3, 0.7, 0.95, stale=False, pending=False) is True


@pytest.mark.parametrize(
    "start, target, current, progress",
    [
        (0, 1e-320, 1e15, scoring.PROGRESS_LIMIT),  # would be infinite
        (0, 1e-320, -1e15, -scoring.PROGRESS_LIMIT),
        (0, -1e-320, 1e15, -scoring.PROGRESS_LIMIT),  # a decreasing metric gone up
        (1e-320, 0, 1e-320, 0.0),
        (0, 100, 10**400, scoring.PROGRESS_LIMIT),  # an integer past any float (a check-in's digits)
        (0, 1e-3, 1e9, scoring.PROGRESS_LIMIT),  # finite but past the limit
    ],
)
def test_progress_is_always_finite(start, target, current, progress):
    result = scoring.score_key_result("metric", start=start, target=target, current=current)
    assert result.progress == progress
    assert result.score == (1.0 if progress > 0 else 0.0)
