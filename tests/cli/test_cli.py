"""The dealbook command: output format, exit codes, path filtering, render's safety rules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import Project, complete_review, question

from generator.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_clean_project_exits_0(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.add_deal("a.md", complete_review())
    status, out, _ = run(capsys, "check", str(project.root))
    assert (status, out) == (0, "checked 1 files: 0 errors, 0 warnings\n")


def test_every_problem_is_printed_with_file_line_and_hint(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.add_deal("a.md", complete_review(deal_type="supplier", scenario="vendor_slaa"))
    project.add_deal("b.md", complete_review(id="b", titel="typo"))
    status, out, _ = run(capsys, "check", str(project.root))
    assert status == 1
    assert out.splitlines() == [
        "content/deals/a.md:6:12: error: deal_type must be one of client, vendor, partner "
        "(got 'supplier')",
        "content/deals/a.md:7:11: error: scenario must be one of client_fixed_scope, vendor_sla, "
        "partner_revshare (got 'vendor_slaa')",
        "    hint: did you mean 'vendor_sla'?",
        "content/deals/b.md:10:1: warning: unknown key 'titel'",
        "    hint: did you mean 'title'?",
        "checked 2 files: 2 errors, 1 warning",
    ]


def test_warnings_fail_only_when_strict(project: Project,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    project.add_deal("a.md", complete_review(titel="typo"))
    assert run(capsys, "check", str(project.root))[0] == 0
    assert run(capsys, "check", "--strict", str(project.root))[0] == 1


def test_duplicate_ids_name_both_files(project: Project,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    project.add_deal("one.md", complete_review())
    project.add_deal("sub/two.md", complete_review())
    status, out, _ = run(capsys, "check", str(project.root))
    assert status == 1
    for path in ("content/deals/one.md", "content/deals/sub/two.md"):
        assert (f"{path}:2:1: error: review id 'acme-rollout' is used by 2 files "
                "(content/deals/one.md, content/deals/sub/two.md)") in out


def test_paths_limit_the_report_but_not_the_cross_checks(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.add_question("q.md", question())
    good = project.add_deal("good.md", complete_review(missed_questions=[
        {"question": "Who signs?", "category": "approval_process", "informs": "x",
         "ref": "who-signs"}]))
    project.add_deal("bad.md", complete_review(id="bad", owner=None))
    status, out, _ = run(capsys, "check", str(good))
    assert (status, out) == (0, "checked 3 files: 0 errors, 0 warnings\n")
    (project.root / "content/questions/q.md").unlink()
    status, out, _ = run(capsys, "check", str(good))
    assert status == 1 and "good.md:11:3: error: missed question refers to 'who-signs'" in out


def test_a_path_that_does_not_exist_is_an_error(
        project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.add_deal("a.md", complete_review())
    status, out, _ = run(capsys, "check", str(project.root / "content/deals/nope.md"),
                         str(project.root / "content/deals/a.md"))
    assert (status, out) == (1, (
        "content/deals/nope.md:0:0: error: no such file or folder\n"
        "    hint: check the path; with no path, 'dealbook check' checks the whole project\n"
        "checked 1 files: 1 error, 0 warnings\n"))


def test_outside_a_project_says_what_to_do(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "check", str(tmp_path))
    assert status == 2 and "no mkdocs.yml" in err and "Traceback" not in err


def test_bad_plugin_option_is_reported(project: Project,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    project.write_config(today="someday")
    status, _, err = run(capsys, "check", str(project.root))
    assert status == 2 and "'today' must be a date written YYYY-MM-DD" in err


def test_render_writes_generated_and_hand_written_pages(
        project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project.add_deal("a.md", complete_review())
    (project.root / "content/method/extra.md").write_text("# Extra\n")
    out_dir = tmp_path / "rendered"
    status, out, _ = run(capsys, "render", str(out_dir), "--project", str(project.root))
    assert status == 0 and "generated pages" in out
    docs = out_dir / "docs"
    assert (docs / "deals/acme-rollout.md").read_text().startswith(
        '---\n{"title": "Acme rollout"')
    assert (docs / "method/extra.md").read_text() == "# Extra\n"
    assert (docs / "calendar.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert not (docs / "deals/a.md").exists()
    assert (docs / "assets/dealbook.css").is_file()
    # A config of its own, without the plugin, which would read the pages again as reviews.
    config = yaml.safe_load((out_dir / "mkdocs.yml").read_text())
    assert config["docs_dir"] == "docs" and config["theme"]["custom_dir"] == "overrides"
    assert "dealbook" not in str(config["plugins"]) and "assets/dealbook.css" in config["extra_css"]
    assert (out_dir / "overrides/partials/tags.html").is_file()
    assert not (out_dir / "overrides/partials/search.html").exists()
    # Rendering again replaces its own earlier output.
    assert run(capsys, "render", str(out_dir), "--project", str(project.root))[0] == 0


def test_render_never_overwrites_someone_elses_folder(
        project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "todo.md").write_text("keep me")
    status, _, err = run(capsys, "render", str(precious), "--project", str(project.root))
    assert status == 2 and "not empty" in err
    assert (precious / "todo.md").read_text() == "keep me"
    status, _, err = run(capsys, "render", str(project.root / "content/out"),
                         "--project", str(project.root))
    assert status == 2 and "outside the project's content" in err
