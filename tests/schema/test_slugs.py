"""One slug rule for ids, counterparty and owner addresses and candidate questions: every script
transliterated, look-alike letters named, clashes settled by -2, -3…"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import Project, review

from generator.build import build_site
from generator.check.load import read_corpus
from generator.schema.slugs import MAX_LENGTH, lookalikes, slugify, unique_slugs

GENERATOR = Path(__file__).resolve().parents[2] / "generator"


@pytest.mark.parametrize(("text", "slug"), [
    ("Société Générale", "societe-generale"),
    ("Straße München", "strasse-munchen"),
    ("Łódź Ślęzak", "lodz-slezak"),
    ("北京银行 Bank of Beijing", "beijingyinxing-bank-of-beijing"),
    ("Привет мир", "privet-mir"),
    ("ｆｕｌｌｗｉｄｔｈ Ａｃｍｅ", "fullwidth-acme"),
    ("A&B Holdings!", "a-b-holdings"),
    ("***", "x"),
    ("", "x"),
])
def test_every_script_is_transliterated(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_a_lookalike_letter_in_a_latin_word_becomes_its_latin_twin() -> None:
    # Cyrillic U+0441 and U+0430 in Latin words: a keyboard slip, so "acme", not "asme".
    assert slugify("\u0441ity \u0430cme") == "city-acme"
    # A word wholly in Cyrillic is a word of that language: transliterated.
    assert slugify("\u0441\u0438\u0442\u0438") == "siti"


def test_lookalikes_are_named_with_their_code_point_and_twin() -> None:
    assert lookalikes("\u0430cme-\u0430") == [
        "CYRILLIC SMALL LETTER A (U+0430) looks like 'a'"]
    assert lookalikes("ａcme") == ["FULLWIDTH LATIN SMALL LETTER A (U+FF41) looks like 'a'"]
    assert lookalikes("\u03bfk") == ["GREEK SMALL LETTER OMICRON (U+03BF) looks like 'o'"]
    assert lookalikes("acme-été-日本") == []  # accents and CJK look like nothing in ASCII


def test_unique_slugs_settle_clashes_in_order_and_never_take_index() -> None:
    assert unique_slugs(["Acme", "ACME!", "Index", "acme 2"], taken=["acme-2"]) == [
        "acme", "acme-3", "index-2", "acme-2-2"]


def test_a_slug_keeps_eight_words_and_fits_a_file_name() -> None:
    assert unique_slugs(["one two three four five six seven eight nine ten"]) == [
        "one-two-three-four-five-six-seven-eight"]
    long = unique_slugs(["x" * 300, "x" * 300])
    assert long == ["x" * MAX_LENGTH, "x" * MAX_LENGTH + "-2"]


def test_the_unique_slug_loop_is_written_once() -> None:
    """No module but slugs.py loops over -2, -3… suffixes or imports anyascii."""
    for path in GENERATOR.glob("*.py"):
        if path.name == "slugs.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "anyascii" not in text, path
        assert 'f"{base}-' not in text, path
        imported = {alias.name for node in ast.walk(ast.parse(text))
                    if isinstance(node, ast.ImportFrom) and node.module == "text"
                    for alias in node.names}
        assert "slugify" not in imported, path


def counterparty_pages(project: Project) -> list[str]:
    return sorted(u for u in build_site(project.settings).pages
                  if u.startswith("counterparties/"))


def test_counterparty_addresses_keep_accented_and_chinese_names(project: Project) -> None:
    project.add_deal("a.md", review(id="a", counterparty="Société Générale"))
    project.add_deal("b.md", review(id="b", counterparty="北京银行"))
    assert counterparty_pages(project) == [
        "counterparties/beijingyinxing.md", "counterparties/index.md",
        "counterparties/societe-generale.md"]


def test_a_name_typed_composed_or_decomposed_is_one_counterparty(project: Project) -> None:
    """Text is read as NFC: "é" as one character or as "e" plus a combining accent."""
    composed, decomposed = "Lumen Telem\u00e9try", "Lumen Teleme\u0301try"
    project.add_deal("a.md", review(id="a", counterparty=composed), "Caf\u00e9 notes.\n")
    project.add_deal("b.md", review(id="b", counterparty=decomposed), "Cafe\u0301 notes.\n")
    deals = read_corpus(project.settings).deals
    assert {d.counterparty for d in deals} == {composed}
    assert {d.body for d in deals} == {"Caf\u00e9 notes.\n"}
    assert counterparty_pages(project) == [
        "counterparties/index.md", "counterparties/lumen-telemetry.md"]
