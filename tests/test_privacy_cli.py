"""`kiosk privacy find PHONE` and `kiosk privacy erase PHONE --yes` (SPEC §6), audited as the command line."""
import pytest
from privacykit import ARABIC_NAME, NAME, PHONE, entries, seed_patient
from sqlalchemy import func, select

from kiosk import db
from kiosk.consults.models import ConsultRequest


def _held(app) -> int:
    with app.app_context(), db.reading() as session:
        return session.scalar(select(func.count()).select_from(ConsultRequest)
                              .where(ConsultRequest.phone == PHONE))


def test_find_prints_one_reference_a_line_then_the_count(app, runner):
    references = seed_patient(app)
    result = runner.invoke(args=["privacy", "find", "٠٥٥ ١٢٣ ٤٥٦٧"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [*references, "2"]
    assert NAME not in result.output and ARABIC_NAME not in result.output
    searches = entries(app, "privacy_search")
    assert [(entry.actor, entry.detail.split()[0]) for entry in searches] == [("cli", "requests=2")]
    assert runner.invoke(args=["privacy", "find", "0500000001"]).output.splitlines() == ["0"]


def test_erase_without_yes_refuses_and_erases_nothing(app, runner):
    seed_patient(app)
    result = runner.invoke(args=["privacy", "erase", "0551234567"])
    assert result.exit_code != 0
    assert "nothing erased" in result.output and "--yes" in result.output
    assert _held(app) == 2 and entries(app, "privacy_erase") == []


def test_erase_with_yes_erases_and_says_how_many_went(app, runner):
    references = seed_patient(app)
    result = runner.invoke(args=["privacy", "erase", "+966 55 123 4567", "--yes"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["2 request(s) erased"]
    assert _held(app) == 0
    with app.app_context(), db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ConsultRequest)) == 1  # someone else's stays
    (erasure,) = entries(app, "privacy_erase")
    assert erasure.actor == "cli" and erasure.detail.startswith("requests=2 ")
    assert all(reference in erasure.detail for reference in references) and "551234567" not in erasure.detail
    again = runner.invoke(args=["privacy", "erase", PHONE, "--yes"])
    assert again.output.splitlines() == ["0 request(s) erased"]


@pytest.mark.parametrize("phone", ["12345", "", "+14155552671", "0551234567" * 10, "\x00"])
def test_a_bad_number_is_refused_clearly(app, runner, phone):
    seed_patient(app)
    for command in (["privacy", "find", phone], ["privacy", "erase", phone, "--yes"]):
        result = runner.invoke(args=command)
        assert result.exit_code == 2, result.output
        assert "not a Saudi mobile number" in result.output and "Traceback" not in result.output
    assert _held(app) == 2 and entries(app) == []
