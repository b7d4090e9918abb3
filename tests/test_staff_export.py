"""CSV export: UTF-8 with BOM, RFC 4180 quoting, formula cells neutralised; web (current filter) and CLI."""
import csv
import io

import pytest
from staffkit import add_consult, add_staff, login

from kiosk.staff.export import BOM, HEADER, neutralise


@pytest.mark.parametrize("cell, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+966551234567", "'+966551234567"),
    ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tTAB", "'\tTAB"), ("\rCR", "'\rCR"), ("\nLF", "'\nLF"),
    ("سارة", "سارة"), ("a=b", "a=b"), ("", ""),
])
def test_cells_that_could_be_formulas_are_neutralised(cell, expected):
    assert neutralise(cell) == expected


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM.encode("utf-8"))
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline="")))


def test_export_of_the_current_filter_is_safe_csv(app, client):
    add_staff(app)
    login(client)
    add_consult(app, name='=cmd|"/c calc"!A1', message='line one\r\nline "two", with comma', status="new")
    add_consult(app, name="نورة, \"الحربي\"", status="new")
    add_consult(app, name="Closed One", status="closed")
    response = client.get("/staff/export.csv?status=new")
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = _rows(response.data)
    assert tuple(rows[0]) == HEADER
    names = [row[HEADER.index("name")] for row in rows[1:]]
    assert names == ["نورة, \"الحربي\"", "'=cmd|\"/c calc\"!A1"]
    assert rows[2][HEADER.index("message")] == 'line one\r\nline "two", with comma'
    assert all(row[HEADER.index("phone")].startswith("'+9665") for row in rows[1:])


def test_cli_export_to_a_file_and_to_stdout(app, runner, tmp_path):
    add_consult(app, name="Booked Person", status="booked")
    add_consult(app, name="New Person", status="new")
    target = tmp_path / "out.csv"
    result = runner.invoke(args=["consults", "export", "--status", "booked", "-o", str(target)])
    assert result.exit_code == 0, result.output
    rows = _rows(target.read_bytes())
    assert [row[HEADER.index("name")] for row in rows[1:]] == ["Booked Person"]
    result = runner.invoke(args=["consults", "export"])
    assert {row[HEADER.index("name")] for row in _rows(result.stdout_bytes)[1:]} == {"Booked Person",
                                                                                       "New Person"}
    assert runner.invoke(args=["consults", "export", "--status", "nope"]).exit_code != 0
