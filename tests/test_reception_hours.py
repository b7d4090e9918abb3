"""Opening hours: parsing KIOSK_OPENING_HOURS, and time counted in opening hours, checked against a
minute-by-minute count across midnight, weekends and Ramadan-style split short hours."""
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk import config, hours
from kiosk.hours import RIYADH, HoursError, add, between, is_open, next_opening, parse

SCHEDULES = [
    "sat-thu 09:00-21:00",                          # the default: Friday closed
    "sat-thu 10:00-15:00; sat-thu 21:00-24:00",      # Ramadan: short days and a late evening
    "thu 21:00-24:00; fri 00:00-02:00; sat-wed 09:00-17:00",  # a shift across midnight
    "sat-fri 00:00-24:00",                          # always open
    "mon,wed 08:30-12:45",
]
MINUTE = dt.timedelta(minutes=1)
# 2026-11-28 is a Saturday.
START = dt.datetime(2026, 11, 28, tzinfo=RIYADH)


def at(day: int, hh: int, mm: int = 0) -> dt.datetime:
    return START + dt.timedelta(days=day, hours=hh, minutes=mm)


def open_by_minutes(schedule: hours.OpeningHours, moment: dt.datetime) -> bool:
    """The oracle: is the minute starting at `moment` inside a window of its own day?"""
    local = moment.astimezone(RIYADH)
    minute = local.hour * 60 + local.minute
    return any(start <= minute < end for start, end in schedule.windows(local.date()))


moments = st.builds(lambda minutes: START + minutes * MINUTE, st.integers(0, 3 * 7 * 24 * 60))


@pytest.mark.parametrize("text", SCHEDULES)
@settings(max_examples=40, deadline=None)
@given(moment=moments, minutes=st.integers(0, 3000))
def test_add_then_count_back_gives_the_same_span(text, moment, minutes):
    schedule = parse(text)
    due = add(schedule, moment, minutes * MINUTE)
    assert due >= moment
    assert between(schedule, moment, due) == minutes * MINUTE
    if minutes:
        # The deadline falls on the last open minute: one minute earlier would not be enough.
        assert open_by_minutes(schedule, due - MINUTE)


@pytest.mark.parametrize("text", SCHEDULES)
@settings(max_examples=25, deadline=None)
@given(first=moments, length=st.integers(0, 3 * 24 * 60))
def test_between_matches_a_minute_by_minute_count(text, first, length):
    schedule = parse(text)
    last = first + length * MINUTE
    counted = sum(open_by_minutes(schedule, first + step * MINUTE) for step in range(length))
    assert between(schedule, first, last) == counted * MINUTE
    assert is_open(schedule, first) == open_by_minutes(schedule, first)


@settings(max_examples=50, deadline=None)
@given(a=moments, b=moments, c=moments)
def test_between_adds_up_over_consecutive_stretches(a, b, c):
    first, middle, last = sorted((a, b, c))
    schedule = parse(SCHEDULES[1])
    whole = between(schedule, first, last)
    assert whole == between(schedule, first, middle) + between(schedule, middle, last)


@settings(max_examples=50, deadline=None)
@given(moment=st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 31),
                           timezones=st.just(dt.UTC)))
def test_seconds_and_utc_times_are_counted_exactly(moment):
    schedule = parse(SCHEDULES[0])
    due = add(schedule, moment, dt.timedelta(minutes=120))
    assert between(schedule, moment, due) == dt.timedelta(minutes=120)


def test_default_hours_worked_examples():
    schedule = parse(config.DEFAULTS["OPENING_HOURS"])
    target = dt.timedelta(minutes=120)
    assert add(schedule, at(0, 10), target) == at(0, 12)               # Saturday morning: two hours later
    assert add(schedule, at(0, 20), target) == at(1, 10)               # an hour tonight, an hour tomorrow
    assert add(schedule, at(0, 23, 30), target) == at(1, 11)           # at night: from opening
    assert add(schedule, at(5, 22), target) == at(7, 11)               # Thursday night: Friday closed
    assert add(schedule, at(6, 12), target) == at(7, 11)               # Friday noon: due Saturday 11:00
    assert between(schedule, at(5, 20), at(7, 10)) == dt.timedelta(hours=2)
    assert next_opening(schedule, at(5, 22)) == at(7, 9)


def test_ramadan_hours_span_the_afternoon_break_and_midnight():
    schedule = parse(SCHEDULES[1])
    assert add(schedule, at(0, 14), dt.timedelta(minutes=120)) == at(0, 22)
    assert add(schedule, at(0, 23), dt.timedelta(minutes=120)) == at(1, 11)
    assert between(schedule, at(0, 0), at(1, 0)) == dt.timedelta(hours=8)


def test_a_window_to_midnight_joins_the_next_days_window():
    schedule = parse(SCHEDULES[2])
    thursday_night = at(5, 23)
    assert add(schedule, thursday_night, dt.timedelta(minutes=90)) == at(6, 0, 30)
    assert next(hours.periods(schedule, thursday_night)) == (at(5, 21), at(6, 2))


@pytest.mark.parametrize("text, days", [
    ("sat-thu 09:00-21:00", {5, 6, 0, 1, 2, 3}),
    ("sat-fri 09:00-21:00", set(range(7))),
    ("thu-sun 09:00-10:00", {3, 4, 5, 6}),
    ("fri 09:00-10:00", {4}),
    ("SAT,Mon,wed 09:00-10:00", {5, 0, 2}),
])
def test_day_ranges_run_forward_through_the_week(text, days):
    assert {day for day, windows in enumerate(parse(text).week) if windows} == days


@pytest.mark.parametrize("text", [
    "", " ; ", "sat-thu", "sat-thu 9-21", "sat-xyz 09:00-21:00", "sat-thu 21:00-09:00", "sat 09:00-09:00",
    "sat 09:60-10:00", "sat 24:01-24:30", "sat 25:00-26:00", "sat-thu 09:00-21:00;", "sat thu 09:00-21:00",
    "sat,,mon 09:00-10:00", "sat-mon-tue 09:00-10:00", "٠٩:٠٠-٢١:٠٠",
])
def test_bad_hours_are_refused(text):
    with pytest.raises(HoursError):
        parse(text)


def test_a_bad_opening_hours_variable_names_itself():
    with pytest.raises(config.ConfigError, match="KIOSK_OPENING_HOURS"):
        config.from_environment({"KIOSK_OPENING_HOURS": "every day 9 to 5"})
    parsed = config.from_environment({"KIOSK_OPENING_HOURS": " sat-thu 10:00-15:00; sat-thu 21:00-24:00 "})
    assert parsed["OPENING_HOURS"] == "sat-thu 10:00-15:00; sat-thu 21:00-24:00"
