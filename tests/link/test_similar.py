"""Similar past deals: the scoring, the order, and that the work stays linear."""

from __future__ import annotations

from dataclasses import replace

import pytest
from corpus import deal

import generator.link.similar as similar


def test_best_match_first_with_reasons() -> None:
    base = deal("base", tags=("hosting", "eu"), value=100, counterparty="Acme")
    deals = [base,
             deal("same-party", scenario="client_fixed_scope", counterparty="ACME "),
             deal("twin", tags=("hosting", "eu"), value=110, counterparty="Other"),
             deal("scenario-only", counterparty="Third"),
             deal("unrelated", scenario="partner_revshare", counterparty="Nobody")]
    found = similar.find_similar(deals)["base"]
    assert [(m.deal.id, m.reasons) for m in found] == [
        ("twin", ("same scenario", "shared tags: hosting, eu", "close value")),
        ("same-party", ("same counterparty",)),
        ("scenario-only", ("same scenario",)),
    ]


def test_at_most_three_and_ties_go_to_the_nearest_date() -> None:
    deals = [deal(f"d{i}", counterparty=f"c{i}", day=i * 10) for i in range(8)]
    found = similar.find_similar(deals)["d4"]
    assert [m.deal.id for m in found] == ["d3", "d5", "d2"]


def test_one_shared_tag_alone_is_not_similar() -> None:
    deals = [deal("a", tags=("eu",), counterparty="x"),
             deal("b", scenario="partner_revshare", tags=("eu",), counterparty="y")]
    assert similar.find_similar(deals) == {"a": (), "b": ()}


@pytest.fixture
def scorings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many pairs find_similar scores from here on: `scorings[0]`."""
    calls = [0]
    real_score = similar._score

    def counting(a: similar._Traits, b: similar._Traits) -> float:
        calls[0] += 1
        return real_score(a, b)

    monkeypatch.setattr(similar, "_score", counting)
    return calls


def test_work_is_bounded_per_deal(scorings: list[int]) -> None:
    """1,000 deals in one scenario: scoring every pair would take 999,000 calls."""
    deals = [replace(deal(f"d{i}", counterparty=f"c{i % 50}", tags=("t",), day=i))
             for i in range(1000)]
    similar.find_similar(deals)
    keys_per_deal = 3  # scenario, counterparty, one tag
    assert scorings[0] <= len(deals) * keys_per_deal * 2 * similar.WINDOW


def test_an_edit_that_scoring_does_not_read_reuses_the_picks_with_the_edited_deal(
        scorings: list[int]) -> None:
    """A preview rebuild after a new title scores nothing again, yet every pick shows the
    deal as it is now; new tags are scored again."""
    deals = [deal("a", tags=("hosting",), counterparty="x"),
             deal("b", tags=("hosting",), counterparty="y", day=5),
             deal("c", scenario="partner_revshare", counterparty="z")]
    before = similar.find_similar(deals)
    scored = scorings[0]
    retitled = [replace(deals[0], title="A, renamed"), *deals[1:]]
    after = similar.find_similar(retitled)
    assert scorings[0] == scored
    assert [(m.deal.id, m.score, m.reasons) for m in after["b"]] == [
        (m.deal.id, m.score, m.reasons) for m in before["b"]] and after["b"]
    assert after["b"][0].deal is retitled[0]

    retagged = [retitled[0], replace(deals[1], tags=()), deals[2]]
    assert similar.find_similar(retagged)["b"][0].reasons == ("same scenario",)
    assert scorings[0] > scored
