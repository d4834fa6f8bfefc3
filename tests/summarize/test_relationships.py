"""After signature: the health rules (cadence, quarterly reviews, falling pulse), the escalation
ladder with its business days, the second debrief, and the changes figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from conftest import Project, review

from generator.check.load import read_corpus
from generator.check.logs import Log
from generator.check.model import Deal
from generator.summarize.changes import open_requests, scope_figures
from generator.summarize.escalations import limit_of, time_escalations
from generator.summarize.relationships import (
    Standing,
    Standings,
    debrief_state,
    how_they_went,
    later_leverage,
    needing_attention,
    stand,
)

D = date


def logged(project: Project, checkins: list[dict[str, Any]], deal: dict[str, Any] | None = None,
           **log: Any) -> tuple[Deal, Log]:
    """One review (a vendor deal starting 2026-03-01, biweekly) with its log, as read."""
    project.add_deal("v.md", review(**{
        "id": "v", "deal_type": "vendor", "scenario": "vendor_sla", "signed": D(2026, 2, 20),
        "reviewed": D(2026, 2, 22), "start_date": D(2026, 3, 1),
        "follow_through": {"handoff": D(2026, 2, 20), "next_steps_sent": D(2026, 2, 21),
                           "kickoff": D(2026, 3, 2), "cadence": "biweekly"},
        **(deal or {})}))
    project.add_log("v.md", {"deal": "v", "checkins": checkins, **log})
    corpus = read_corpus(project.settings)
    assert not corpus.diagnostics, corpus.diagnostics
    return corpus.deals[0], corpus.logs[0]


def checkin(day: date, status: str = "green", **more: Any) -> dict[str, Any]:
    return {"date": day, "status": status, **({"why": "because"} if status != "green" else {}),
            **more}


def standing(project: Project, checkins: list[dict[str, Any]], today: date,
             deal: dict[str, Any] | None = None, **log: Any) -> Standing:
    return stand(*logged(project, checkins, deal, **log), today)


def test_biweekly_means_due_14_days_after_the_last(project: Project) -> None:
    found = standing(project, [checkin(D(2026, 3, 5))], D(2026, 3, 19))
    assert found.cadence == "biweekly" and found.next_checkin == D(2026, 3, 19)
    assert not found.lapsed(D(2026, 3, 19)) and found.lapsed(D(2026, 3, 20))
    assert needing_attention([found], D(2026, 3, 25)).lapsed == ((found, 6),)


def test_after_30_days_the_rhythm_of_the_deal_type(project: Project) -> None:
    """Vendors go monthly after the first 30 days; a slower cadence of the review stays."""
    found = standing(project, [checkin(D(2026, 5, 1))], D(2026, 5, 2))
    assert (found.cadence, found.next_checkin) == ("monthly", D(2026, 5, 31))


def test_clients_go_biweekly_and_owe_no_quarterly_review(project: Project) -> None:
    deal = {"deal_type": "client", "scenario": "client_fixed_scope",
            "follow_through": {"handoff": D(2026, 2, 20), "next_steps_sent": D(2026, 2, 21),
                               "kickoff": D(2026, 3, 2), "cadence": "weekly"}}
    early = standing(project, [checkin(D(2026, 3, 10))], D(2026, 3, 11), deal)
    assert (early.cadence, early.next_checkin, early.next_qbr) == ("weekly", D(2026, 3, 17),
                                                                    None)
    later = standing(project, [checkin(D(2026, 6, 1))], D(2026, 6, 2), deal)
    assert (later.cadence, later.next_checkin) == ("biweekly", D(2026, 6, 15))


def test_vendors_owe_a_quarterly_review_every_90_days_after_the_first_30(
        project: Project) -> None:
    # Start 2026-03-01: the first 30 days end 03-31, the first quarterly review is due 06-29.
    found = standing(project, [checkin(D(2026, 6, 25))], D(2026, 6, 30))
    assert found.next_qbr == D(2026, 6, 29) and found.lapsed(D(2026, 6, 30))
    held = standing(project, [checkin(D(2026, 6, 20), kind="qbr")], D(2026, 6, 30))
    assert held.next_qbr == D(2026, 9, 18) and not held.lapsed(D(2026, 6, 30))


def test_nothing_is_due_once_the_term_is_over(project: Project) -> None:
    found = standing(project, [checkin(D(2026, 3, 5))], D(2027, 4, 1),
                     {"renewal_date": D(2027, 3, 1)})
    assert found.next_checkin is None and found.next_qbr is None
    assert not found.lapsed(D(2027, 4, 1))


@pytest.mark.parametrize("pulses,falling", [
    ([4, 3, 2], True), ([5, 4, 3, 2], True), ([4, 3, 3], False), ([3, 4, 2], False),
    ([4, None, 3, 2], True), ([3, 2], False), ([2, 3, 4], False)])
def test_pulse_falling_at_two_check_ins_in_a_row(project: Project, pulses: list[int | None],
                                                 falling: bool) -> None:
    checkins = [checkin(D(2026, 3, 2 + 7 * i), **({} if p is None else {"pulse": p}))
                for i, p in enumerate(pulses)]
    found = standing(project, checkins, D(2026, 4, 1))
    assert found.falling is falling
    assert (needing_attention([found], D(2026, 4, 1)).falling == (found,)) is falling


def test_latest_status_is_the_newest_check_in_whatever_the_order(project: Project) -> None:
    found = standing(project, [checkin(D(2026, 3, 20), "red"), checkin(D(2026, 3, 5)),
                               checkin(D(2026, 3, 12), "yellow")], D(2026, 3, 21))
    assert found.status == "red" and found.latest is not None
    attention = needing_attention([found], D(2026, 3, 21))
    assert attention.red == (found,) and attention.yellow == ()


def test_escalation_ladder_limits() -> None:
    monday, thursday, friday = D(2026, 3, 2), D(2026, 3, 5), D(2026, 3, 6)
    assert limit_of(monday, 1) == monday  # the same day
    assert limit_of(friday, 2) == D(2026, 3, 8)  # 48 hours, weekend or not
    assert limit_of(monday, 3) == D(2026, 3, 9)  # five business days
    assert limit_of(thursday, 3) == D(2026, 3, 12)  # over a weekend
    assert limit_of(friday, 3) == D(2026, 3, 13)


def test_escalations_missed_when_late_or_open_past_the_limit(project: Project) -> None:
    escalations = [
        {"opened": D(2026, 3, 2), "level": 1, "what": "on time", "resolved": D(2026, 3, 2)},
        {"opened": D(2026, 3, 2), "level": 1, "what": "next day", "resolved": D(2026, 3, 3)},
        {"opened": D(2026, 3, 6), "level": 3, "what": "Friday to Friday",
         "resolved": D(2026, 3, 13)},
        {"opened": D(2026, 3, 6), "level": 3, "what": "a day late", "resolved": D(2026, 3, 16)},
        {"opened": D(2026, 3, 20), "level": 2, "what": "open, not late yet"},
        {"opened": D(2026, 3, 10), "level": 2, "what": "open and late"}]
    pair = logged(project, [], escalations=escalations)
    today = D(2026, 3, 21)
    timed = {t.escalation.what: t for t in time_escalations([pair], today)}
    assert {what for what, t in timed.items() if t.missed(today)} == {
        "next day", "a day late", "open and late"}
    assert timed["a day late"].days == 10 and timed["open and late"].days == 11
    newest = time_escalations([pair], today)[0]
    assert newest.escalation.what == "open, not late yet"


def test_second_debrief_due_at_first_milestone_or_30_days(project: Project) -> None:
    deal, log = logged(project, [checkin(D(2026, 3, 20), kind="milestone")])
    state = debrief_state(deal, log)
    assert state is not None and state.due == D(2026, 3, 20)
    assert state.state(D(2026, 3, 20)) == "due" and state.state(D(2026, 3, 21)) == "overdue"
    no_milestone = debrief_state(deal, None)
    assert no_milestone is not None and no_milestone.due == D(2026, 3, 31)


def test_second_debrief_without_a_log_is_not_recorded_not_overdue(project: Project) -> None:
    """Only a log records the second debrief: past due with no log, nobody has said whether it
    was held; with a log that lacks it, it is overdue."""
    deal, log = logged(project, [])
    unlogged = debrief_state(deal, None)
    assert unlogged is not None and unlogged.due == D(2026, 3, 31)
    assert unlogged.state(D(2026, 3, 31)) == "due"  # not yet due: a reminder, not a gap
    assert unlogged.state(D(2026, 4, 1)) == "not_recorded"
    with_log = debrief_state(deal, log)
    assert with_log is not None and with_log.state(D(2026, 4, 1)) == "overdue"


def test_second_debrief_done_and_later_leverage(project: Project) -> None:
    pair = logged(project, [], second_debrief={
        "date": D(2026, 4, 2), "leverage_confirmed": ["risk"], "leverage_refuted": ["time"]})
    state = debrief_state(*pair)
    assert state is not None and state.state(D(2027, 1, 1)) == "done"
    later = later_leverage([pair])
    assert later["risk"] == {"confirmed": (pair[0],), "refuted": ()}
    assert later["time"]["refuted"] == (pair[0],) and later["process"]["confirmed"] == ()


def test_changes_and_scope(project: Project) -> None:
    def change(what: str, status: str, kind: str = "change_request", **more: Any
               ) -> dict[str, Any]:
        closed = {} if status == "open" else {"closed": D(2026, 4, 10)}
        return {"date": D(2026, 4, 1), "kind": kind, "what": what, "raised_by": "them",
                "status": status, **closed, **more}

    pair = logged(project, [], {"value": 100000, "currency": "EUR"}, changes=[
        change("asked", "approved", value_delta=5000, days_delta=4),
        change("crept", "absorbed", days_delta=3),
        change("refused", "rejected", value_delta=9000),
        change("waiting", "open", date=D(2026, 3, 20)),
        change("gain", "approved", "post_settlement", value_delta=1000)])
    figures = scope_figures([pair])
    assert figures.per_deal == 5 and figures.absorbed_share == 1 / 4
    assert figures.value_added == {"EUR": 6000} and figures.days_added == 7
    assert [c.change.what for c in figures.of_kind("post_settlement")] == ["gain"]
    waiting = open_requests(figures)
    assert [(c.change.what, c.age(D(2026, 4, 1))) for c in waiting] == [("waiting", 12)]


def test_how_they_went(project: Project) -> None:
    pair = logged(project, [checkin(D(2026, 3, 5), "yellow")], changes=[
        {"date": D(2026, 3, 6), "kind": "change_request", "what": "More reports",
         "raised_by": "them", "status": "open"}],
        escalations=[{"opened": D(2026, 3, 2), "level": 1, "what": "Late data"}])
    went = how_they_went([pair], Standings(D(2026, 3, 10)))
    assert went.logged == 1 and went.status == {"green": 0, "yellow": 1, "red": 0}
    assert [c.change.what for c in went.requests] == ["More reports"]
    assert [t.escalation.what for t in went.escalations] == ["Late data"] and went.late == 1


def test_standings_are_worked_out_once_per_relationship_and_again_for_a_changed_one(
        project: Project) -> None:
    """A build asks for the same relationship's standing on many pages: the same object comes
    back, until the review or its log is another (edited) one."""
    deal, log = logged(project, [checkin(D(2026, 3, 5), "yellow")])
    standings = Standings(D(2026, 3, 10))
    first = standings.of(deal, log)
    assert standings([(deal, log)]) == (first,)
    assert standings.of(deal, log) is first and first == stand(deal, log, D(2026, 3, 10))
    edited = replace(deal, renewal_date=D(2026, 3, 1))  # the term is over: no next check-in
    again = standings.of(edited, log)
    assert again is not first and again.deal is edited and again.next_checkin is None
    assert first.next_checkin is not None


def test_standings_kept_for_the_next_build_while_it_asks_for_them(project: Project) -> None:
    """While serving, a rebuild gets the last build's Standing of an unchanged relationship
    (its table rows are then reused); one no build asked for since is forgotten."""
    deal, log = logged(project, [checkin(D(2026, 3, 5), "yellow")])
    standings = Standings(D(2026, 3, 10))
    first = standings.of(deal, log)
    standings.next_build()
    assert standings.of(deal, log) is first
    standings.next_build()
    standings.next_build()
    again = standings.of(deal, log)
    assert again is not first and again == first
