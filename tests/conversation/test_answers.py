"""Reading an answer's shape: yes, no, skip, hedges, durations, dates, picked items."""

from datetime import date

import pytest

from conversation.answers import Polarity, read_answer

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("text", "polarity", "months"),
    [
        ("yes, about two years at Acme", Polarity.YES, 24),
        ("18 months", Polarity.YES, 18),
        ("a year and a half", Polarity.YES, 18),
        ("half a year", Polarity.YES, 6),
        ("a couple of years", Polarity.YES, 24),
        ("since 2019", Polarity.YES, 94),
        ("2019 to 2022", Polarity.YES, 48),
        ("from March 2018 until now", Polarity.YES, 104),
        ("not really", Polarity.NO, None),
        ("Nope, never used it", Polarity.NO, None),
        ("skip", Polarity.SKIP, None),
        ("I don't know", Polarity.SKIP, None),
        ("", Polarity.SKIP, None),
        ("It was mostly about people.", Polarity.UNSAID, None),
    ],
)
def test_answers_read_as_people_say_them(text: str, polarity: Polarity, months: int | None) -> None:
    found = read_answer(text, today=TODAY)
    assert (found.polarity, found.months) == (polarity, months)


def test_a_hedge_is_a_weak_yes() -> None:
    found = read_answer("a bit, in a side project", today=TODAY)
    assert found.polarity is Polarity.YES and found.hedged


@pytest.mark.parametrize(
    ("text", "start", "end", "months"),
    [
        ("from March 2018 to June 2020", "2018-03", "2020-06", 28),
        ("from 2009-01 to 2010-04", "2009-01", "2010-04", 16),  # the end is not lost
        ("03/2018 - 06/2020", "2018-03", "2020-06", 28),
        ("2019-2021", "2019", "2021", 36),  # years, not a month
        ("Mar. 2016 to present", "2016-03", None, None),
    ],
)
def test_dates_are_kept_for_corrections(
    text: str, start: str, end: str | None, months: int | None
) -> None:
    found = read_answer(text, today=TODAY)
    assert (found.start, found.end) == (start, end)
    assert months is None or found.months == months


@pytest.mark.parametrize(
    ("text", "picked", "none"),
    [
        ("Python and the second one", ["Python", "Java"], False),
        ("C++ mostly", ["C++"], False),
        ("none of them", [], True),
        ("all of them", ["C", "C++", "Java"], False),
        ("1 and 3", ["C", "Java"], False),
    ],
)
def test_items_are_picked_by_name_position_or_all(text: str, picked: list[str], none: bool) -> None:
    choices = ["Python", "Java", "Go"] if "Python" in text else ["C", "C++", "Java"]
    found = read_answer(text, choices, TODAY)
    assert found.picked == picked and found.none_picked is none
