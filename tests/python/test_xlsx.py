"""Excel workbooks: the shared cases of tests/fixtures/xlsx/cases.json (which the Rust and JavaScript tests run
too), and the written workbook read back with openpyxl."""

import datetime
import io

import openpyxl
import pytest

import journey
from conftest import FIXTURES, manifest

XLSX = FIXTURES / "xlsx"
CASES = manifest(XLSX)
MAP = CASES["map"]
BAD = CASES["bad"]


def test_the_example_workbook_reads_to_the_csv_sheets_map():
    from_csv = journey.Journey.from_csv_sheet(XLSX / MAP["csv"])
    path = XLSX / MAP["file"]
    assert journey.Journey.from_xlsx_sheet(path).to_dict() == from_csv.to_dict()
    assert journey.Journey.from_xlsx_sheet(str(path), sheet=MAP["first_sheet"]).to_dict() == from_csv.to_dict()
    from_bytes = journey.Journey.from_xlsx_sheet(path.read_bytes(), MAP["id"], MAP["name"])
    assert from_bytes.to_dict() == from_csv.to_dict()
    assert len(from_csv.to_dict()["touchpoints"]) > 10


def test_bytes_need_an_id_and_a_name():
    with pytest.raises(journey.ArgumentError, match="id") as caught:
        journey.Journey.from_xlsx_sheet((XLSX / MAP["file"]).read_bytes())
    assert caught.value.kind == "argument"


@pytest.mark.parametrize("case", BAD, ids=[c["name"] for c in BAD])
def test_a_bad_cell_gives_the_csv_sheets_message_at_its_row(case):
    with pytest.raises(journey.JourneyError) as caught:
        journey.Journey.from_xlsx_sheet(XLSX / CASES["bad_file"], sheet=case["sheet"])
    err = caught.value
    assert err.kind == case["kind"], str(err)
    for part in case["message_contains"]:
        assert part in str(err), (str(err), part)
    problems = [p.path for p in err.problems] if case["kind"] == "invalid" else []
    assert problems == case["problems"]
    if "csv" in case:
        with pytest.raises(journey.JourneyError) as from_csv:
            journey.Journey.from_csv_sheet_text(case["csv"], "x", "X")
        for part in case["csv_message_contains"]:
            assert part in str(from_csv.value), (str(from_csv.value), part)


def rows(book, name):
    sheet = book[name]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    return sheet, values[0], values[1:]


def test_the_written_workbook_holds_the_gaps_and_backlog_the_core_gives(tmp_path):
    j = journey.Journey.from_xlsx_sheet(XLSX / MAP["file"])
    as_of = datetime.date(2026, 6, 1)
    target = tmp_path / "report.xlsx"
    data = j.to_xlsx(target, as_of=as_of)
    assert isinstance(data, bytes) and target.read_bytes() == data
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Scores", "Gaps", "Backlog"]

    gaps = j.gaps(as_of=as_of)
    sheet, header, written = rows(book, "Gaps")
    assert header[:2] == ["kind", "severity"] and header[6] == "message"
    assert len(gaps) > 0 and len(written) == len(gaps)
    for row, gap in zip(written, gaps):
        assert (row[0], row[1], row[6]) == (gap.kind, gap.severity, gap.message)
        assert isinstance(row[1], int)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:H{len(gaps) + 1}"

    backlog = j.prioritize(as_of=as_of)
    sheet, header, written = rows(book, "Backlog")
    assert header[:6] == ["rank", "title", "kind", "source", "priority", "quick_win"]
    assert len(written) == len(backlog) > 0
    for row, item in zip(written, backlog):
        assert (row[0], row[1], row[2]) == (item.rank, item.title, item.kind)
        assert row[4] == pytest.approx(item.priority, rel=1e-15) and row[5] is item.quick_win
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:P{len(backlog) + 1}"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width

    score = j.score()
    sheet, header, written = rows(book, "Scores")
    assert written[0][0] == "journey" and written[0][4] == pytest.approx(score.value, rel=1e-15)
    touchpoints = [(r[1], r[4]) for r in written if r[0] == "touchpoint"]
    assert [t for t, _ in touchpoints] == [t.touchpoint for t in score.touchpoints]
    assert [v for _, v in touchpoints] == pytest.approx([t.value for t in score.touchpoints], rel=1e-15)


def test_a_path_that_cannot_be_written_is_an_io_error(tmp_path):
    j = journey.Journey.from_xlsx_sheet(XLSX / MAP["file"])
    with pytest.raises(journey.JourneyError) as caught:
        j.to_xlsx(tmp_path / "missing" / "report.xlsx")
    assert caught.value.kind == "io"


WHAT_IF = FIXTURES / "what_if"
WHAT_IF_CASES = manifest(WHAT_IF)


def test_a_workbook_written_with_a_log_has_the_backlogs_estimated_effects(tmp_path):
    """The what_if fixture's backlog lines, whose effects make_fixtures.py works out by hand."""
    want = WHAT_IF_CASES["backlog"]
    j = journey.Journey.load(WHAT_IF / want["map"])
    log = journey.EventLog.from_csv(WHAT_IF / WHAT_IF_CASES["events"], outcome=WHAT_IF_CASES["outcome"])
    target = tmp_path / "report.xlsx"
    data = j.to_xlsx(target, as_of="2026-06-01", log=log)
    assert target.read_bytes() == data
    _, header, written = rows(openpyxl.load_workbook(io.BytesIO(data)), "Backlog")
    assert header[-5:] == ["effect_conversions", "effect_value", "effect_priority", "ranked_by", "effect_basis"]
    at = {name: i for i, name in enumerate(header)}
    titles = {b.id: b.title for b in j.prioritize(as_of="2026-06-01")}
    for line in want["lines"]:
        row = next(r for r in written if r[1] == titles[line["id"]])
        assert row[at["effect_conversions"]] == pytest.approx(line["effect_conversions"], rel=1e-9)
        assert row[at["effect_value"]] == pytest.approx(line["effect_value"], rel=1e-9)
        assert row[at["ranked_by"]] == line["ranked_by"] and row[at["effect_basis"]]
    _, header, _ = rows(openpyxl.load_workbook(io.BytesIO(j.to_xlsx(as_of="2026-06-01"))), "Backlog")
    assert not any(h.startswith("effect_") for h in header)
    no_outcome = journey.EventLog.from_csv(WHAT_IF / WHAT_IF_CASES["events"])
    _, header, _ = rows(openpyxl.load_workbook(io.BytesIO(j.to_xlsx(log=no_outcome))), "Backlog")
    assert not any(h.startswith("effect_") for h in header)
    with pytest.raises(TypeError):
        j.to_xlsx(log="events.csv")
