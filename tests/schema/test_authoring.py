"""Authoring: `dealbook new`, `dealbook new-question` and the JSON Schemas for editors."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import REPO, Project

from generator.base.diagnostics import DealbookError
from generator.build import build_site, check_content
from generator.cli.main import main
from generator.cli.scaffold import write_from_template
from generator.read.settings import load_settings
from generator.schema.fields import REVIEW
from generator.schema.json_schema import render_schemas

FLAGS = ["--title", "Acme: data platform, phase 2", "--counterparty", 'Acme "Data" Ltd',
         "--owner", "Priya", "--deal-type", "client", "--scenario", "client_fixed_scope",
         "--signed", "2026-11-20"]


def new(project: Project, *argv: str, ask: Any = None) -> int:
    return main(["new", *argv, "--project", str(project.root)], ask=ask)


def test_new_review_from_flags_is_valid_and_complete(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(project, *FLAGS) == 0
    path = project.root / "content/deals/2026/acme-data-platform-phase-2.md"
    assert f"wrote {path.relative_to(project.root)}" in capsys.readouterr().out
    text = path.read_text()
    for key in (f.name for f in REVIEW.fields):
        assert f"\n{key}:" in text, key
    corpus, _, _ = check_content(project.settings)
    assert corpus.diagnostics == ()
    deal = corpus.deals[0]
    assert (deal.title, deal.counterparty, deal.signed, deal.reviewed, deal.status) == (
        "Acme: data platform, phase 2", 'Acme "Data" Ltd', date(2026, 11, 20),
        date.today(), "draft")


def test_new_review_is_dated_by_the_calendar_not_the_pinned_today(project: Project) -> None:
    # A project pins `today` to keep its figures still; a debrief is held on the real day.
    project.today = date(2025, 1, 15)
    project.write_config()
    assert new(project, *FLAGS) == 0
    corpus, _, _ = check_content(project.settings)
    assert corpus.diagnostics == ()
    assert corpus.deals[0].reviewed == date.today()


def test_ids_stay_unique_and_nothing_is_overwritten(project: Project) -> None:
    assert new(project, *FLAGS) == 0
    assert new(project, *FLAGS[:-1], "no") == 0
    assert (project.root / "content/deals/2026/acme-data-platform-phase-2-2.md").exists()
    corpus, _, _ = check_content(project.settings)
    assert sorted(d.id for d in corpus.deals) == ["acme-data-platform-phase-2",
                                                 "acme-data-platform-phase-2-2"]
    target = project.root / "content/deals/2026/acme-data-platform-phase-2.md"
    before = target.read_bytes()
    values = dict.fromkeys(("id", "title", "counterparty", "owner", "deal_type", "scenario",
                            "signed", "reviewed"), "x")
    with pytest.raises(DealbookError, match="exists already; nothing was written"):
        write_from_template(project.settings, "new-review.md.tmpl", values, target)
    assert target.read_bytes() == before


def written(project: Project) -> list[Path]:
    return sorted((project.root / "content").rglob("*.md"))


def test_a_folder_that_cannot_be_written_is_a_clear_error(
        project: Project, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    before = written(project)
    # Tests run as root, whom chmod does not stop: the file system's answer is simulated.
    def refuse(path: Path, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied", str(path))
    monkeypatch.setattr(Path, "mkdir", refuse)
    assert new(project, *FLAGS) == 2
    assert capsys.readouterr().err == (
        "dealbook: cannot write content/deals/2026/acme-data-platform-phase-2.md: "
        "Permission denied; nothing was written\n")
    assert written(project) == before


def test_a_write_that_fails_midway_leaves_no_half_review(
        project: Project, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    opened = Path.open

    class Full:
        """A file that opens, then fills the disk."""

        def __init__(self, path: Path, *args: Any, **kwargs: Any) -> None:
            self.file = opened(path, *args, **kwargs)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.file.close()

        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")
    def open_(path: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        return (Full if mode == "x" else opened)(path, mode, *args, **kwargs)
    monkeypatch.setattr(Path, "open", open_)
    assert new(project, *FLAGS) == 2
    assert "No space left on device; nothing was written" in capsys.readouterr().err
    assert not (project.root / "content/deals/2026/acme-data-platform-phase-2.md").exists()


def test_a_file_where_a_folder_belongs_is_a_clear_error(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    (project.root / "content/deals/2026").write_text("not a folder")
    assert new(project, *FLAGS) == 2
    assert capsys.readouterr().err == (
        "dealbook: content/deals/2026 is a file where a folder is needed; nothing was "
        "written\n")
    shutil.rmtree(project.root / "content")
    assert new(project, *FLAGS) == 2
    assert capsys.readouterr().err == (
        "dealbook: content/ is not a folder (docs_dir in mkdocs.yml); nothing was written\n")
    assert not (project.root / "content").exists()


def test_prompts_for_what_flags_do_not_give(project: Project) -> None:
    answers = iter(["Orbit renewal", "Orbit", "Dana", "supplier", "vendor", "", "2026-13-01",
                    "1969-12-31", "2026-11-02"])
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    assert new(project, ask=ask) == 0
    deal = check_content(project.settings)[0].deals[0]
    assert (deal.deal_type, deal.scenario, deal.signed) == ("vendor", "vendor_sla",
                                                           date(2026, 11, 2))
    assert prompts[3] == "Deal type (client/vendor/partner): "
    assert prompts[5].endswith("[vendor_sla]: ")  # defaults to the deal type's scenario


def test_scripts_get_a_clear_error_for_missing_flags(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(project, "--title", "x") == 2
    assert "--counterparty is required when not run in a terminal" in capsys.readouterr().err
    assert not list((project.root / "content/deals").rglob("*.md"))


def test_a_signature_date_beyond_the_bounds_is_refused(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(project, *FLAGS[:-1], "9999-12-31") == 2
    assert ("--signed must be a date from 1970-01-01 to 2199-12-31 written YYYY-MM-DD, or 'no' "
            "(got '9999-12-31')") in capsys.readouterr().err
    assert not list((project.root / "content/deals").rglob("*.md"))


def test_new_question_is_valid(project: Project) -> None:
    assert main(["new-question", "--question", "Who pays for travel?", "--category",
                 "approval_process", "--informs", "Budget", "--stage", "proposal",
                 "--project", str(project.root)]) == 0
    corpus, _, _ = check_content(project.settings)
    assert corpus.diagnostics == ()
    assert [(q.id, q.stage) for q in corpus.questions] == [("who-pays-for-travel", "proposal")]


def test_shipped_schemas_are_generated_not_hand_written() -> None:
    generated = render_schemas(load_settings(REPO / "mkdocs.yml").scenario_keys)
    for name, text in generated.items():
        assert (REPO / "schemas" / name).read_text() == text, (
            f"schemas/{name} is stale: run '.venv/bin/dealbook schema'")


def as_editor_sees(path: Path) -> dict[str, Any]:
    """Front matter as a YAML 1.2 editor reads it: dates are strings."""
    front = yaml.safe_load(path.read_text().split("---\n")[1])
    return json.loads(json.dumps(front, default=str))


def review_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((REPO / "schemas/review.schema.json").read_text())
    assert jsonschema.validators.validator_for(schema) is jsonschema.Draft7Validator
    return schema


def test_every_shipped_review_passes_the_schema() -> None:
    schema = review_schema()
    for path in [REPO / "site_templates/example-review.md",
                 *sorted((REPO / "content/deals").rglob("*.md"))]:
        jsonschema.validate(as_editor_sees(path), schema)
    question = json.loads((REPO / "schemas/question.schema.json").read_text())
    for path in sorted((REPO / "content/questions").glob("*.md")):
        jsonschema.validate(as_editor_sees(path), question)


@pytest.mark.parametrize("change,fails", [
    ({"deal_type": "supplier"}, True), ({"owner": None}, True), ({"titel": "x"}, True),
    ({"value": 5, "currency": None}, True), ({"signed": "14 March"}, True),
    ({"x_crm_id": "OPP-1"}, False), ({"signed": None}, False), ({"tags": None}, False),
    ({"tags": [f"t{i}" for i in range(30)]}, False),
    ({"tags": [f"t{i}" for i in range(31)]}, True),
    ({"leverage": {"proven": ["time"] * 7}}, True),
    ({"renewal_date": "2200-01-01"}, True), ({"renewal_date": "2199-12-31"}, False),
    ({"signed": "1969-12-31"}, True), ({"notice_days": 3651}, True),
    ({"notice_days": 3650}, False), ({"term_months": 12.5}, True),
])
def test_schema_agrees_with_the_validator(change: dict[str, Any], fails: bool) -> None:
    front = as_editor_sees(REPO / "site_templates/example-review.md")
    front.update(change)
    front = {k: v for k, v in front.items() if not (k in ("owner", "currency") and v is None)}
    schema = review_schema()
    errors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(front))
    assert bool(errors) == fails


def test_a_choice_in_the_wrong_case_says_so(project: Project,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    flags = [*FLAGS[:6], "--deal-type", "Vendor", *FLAGS[8:]]
    assert new(project, *flags) == 2
    assert capsys.readouterr().err == (
        "dealbook: --deal-type 'Vendor' is not one of client, vendor, partner: write it in "
        "lower case, 'vendor'\n")


def test_missed_questions_may_say_none_in_the_schema() -> None:
    schema = review_schema()
    base = as_editor_sees(REPO / "site_templates/example-review.md")
    jsonschema.validate({**base, "missed_questions": "none"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**base, "missed_questions": "nothing"}, schema)


def test_the_how_to_gives_commands_that_work_from_a_fresh_clone(project: Project) -> None:
    page = build_site(project.settings).pages["how-to-write-a-review.md"]
    assert "Run `make new`" in page and "Run `make check`" in page
    assert "Run `dealbook" not in page and "`dealbook check`" not in page
    makefile = (REPO / "Makefile").read_text()
    for target in ("new", "new-question"):
        assert f"\n{target}: $(STAMP)" in makefile
        assert f"$(BIN)/dealbook {target} $(ARGS)" in makefile
    # The final-review rules, from the schema: each key with must or should.
    assert "| `follow_through` | must |" in page and "| `risks` | should |" in page
    assert "`missed_questions: none`" in page
