"""Helpers for the consult tests: read the rendered form's tokens and build valid submissions."""
import re
import uuid

SUBMISSION = re.compile(r'name="submission_id" type="hidden" value="([^"]*)"')


def tokens(html: str) -> dict:
    """The hidden field a rendered form carries: its submission_id (there is no CSRF token, SPEC §4)."""
    return {"submission_id": SUBMISSION.search(html).group(1)}


def valid(**overrides) -> dict:
    fields = {"name": "Sara Al-Qahtani", "phone": "050 123 4567", "preferred_language": "ar",
              "preferred_time": "morning", "message": "", "consent": "y"}
    fields.update(overrides)
    return {key: value for key, value in fields.items() if value is not None}


class FormClient:
    """A Flask test client that opens the form and posts it back (as the page would: same-origin)."""

    def __init__(self, client, lang: str = "en"):
        self.client = client
        self.lang = lang
        self.url = f"/{lang}/consult"

    def open(self) -> dict:
        response = self.client.get(self.url)
        assert response.status_code == 200
        return tokens(response.get_data(as_text=True))

    def post(self, fields: dict, hidden: dict | None = None, headers: dict | None = None, **kwargs):
        # What Chromium sends with a form posted from the kiosk's own page (SPEC §4, Fetch Metadata).
        headers = {"Sec-Fetch-Site": "same-origin", **(headers or {})}
        data = {**(hidden or self.open()), **fields}
        return self.client.post(self.url, data=data, headers=headers, **kwargs)

    def submit(self, **overrides):
        return self.post(valid(**overrides))


def new_submission_id() -> str:
    return uuid.uuid4().hex


def stored(app) -> list:
    """Every stored consult request, oldest first."""
    from sqlalchemy import select

    from kiosk import db
    from kiosk.records.consults import ConsultRequest

    with app.app_context(), db.reading() as session:
        return list(session.scalars(select(ConsultRequest).order_by(ConsultRequest.id)))
