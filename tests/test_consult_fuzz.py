"""Whatever arrives in the form's fields, the answer is never a 5xx."""
import pytest
from consult_support import FormClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIELDS = ("name", "phone", "preferred_language", "preferred_time", "message", "consent", "submission_id")
SPICE = ["\x00", "\x1b", "\u202e", "\u2067", "\u200b", "\u200c", "\u200d", "\ufeff", "\U0001f468",
         "\U0001d49c", "\ud7ff", "\uffff", "\r\n", "٠٥", "<script>", "' OR 1=1 --", "%(name)s", "{0}"]
text = st.lists(st.one_of(st.characters(codec="utf-8"), st.sampled_from(SPICE)), max_size=60).map("".join)
huge = st.builds(lambda piece, times: piece * times, st.sampled_from(["x", "م", "\U0001f468", "0"]),
                 st.integers(400, 40_000))
value = st.one_of(text, huge, st.sampled_from(["", "en", "ar", "morning", "y", "0501234567", "a" * 32]))
field_values = st.one_of(st.none(), value, st.lists(value, min_size=2, max_size=4))  # missing/one/repeated


@pytest.mark.parametrize("lang", ["en", "ar"])
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.fixed_dictionaries({name: field_values for name in FIELDS}),
       keep_csrf=st.booleans(), extra=st.dictionaries(text, text, max_size=3))
def test_arbitrary_field_values_never_yield_a_5xx(client, lang, fields, keep_csrf, extra):
    form = FormClient(client, lang)
    hidden = form.open() if keep_csrf else {}
    hidden.pop("submission_id", None)
    data = {**extra, **hidden, **{key: value for key, value in fields.items() if value is not None}}
    response = client.post(form.url, data=data)
    assert response.status_code in (303, 400, 413), response.status_code
    assert response.headers["Cache-Control"] == "no-store"


def test_bytes_that_are_not_utf8_are_a_400(client):
    form = FormClient(client)
    hidden = form.open()
    body = "&".join(f"{key}={value}" for key, value in hidden.items()) + "&name=%ff%fe%80&phone=%c3"
    response = client.post(form.url, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
