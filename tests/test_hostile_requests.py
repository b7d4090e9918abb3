"""Every rule of the URL map, driven with hostile paths, query strings and bodies, anonymous and signed in:
nothing answers 5xx.

Data-driven: the rules, their arguments and methods come from `app.url_map`, the form field names from the
templates and forms, so a route added later is swept without touching this file.
"""
import os
import re
from urllib.parse import quote

import pytest
from conftest import ROOT, make_app
from hostile_forms import forms_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from staffkit import add_consult, add_staff, csrf_token, sign_in_directly

from kiosk.consults.forms import ConsultForm
from kiosk.editor import proposals
from kiosk.i18n import overlay
from kiosk.i18n.models import key_hash
from kiosk.staff.auth import SESSION_KEY

# ~25 rules × methods × 3 runs: the whole sweep stays under a minute of CPU. A deeper run, now and then:
# KIOSK_SWEEP_EXAMPLES=300 pytest tests/test_hostile_requests.py
EXAMPLES_PER_RULE = int(os.environ.get("KIOSK_SWEEP_EXAMPLES", "4"))

NASTY = [
    "\x00", "a\x00b.js", "99999999999999999999999", str(2 ** 63), str(2 ** 31), str(2 ** 64), "-1", "0",
    "-99999999999999999999999", "1e309", "NaN", "..", "../..", "../../etc/passwd", "..%2f..", "a" * 5000,
    "9" * 5000, "٣٤", "²", "١٢٣", "\r\nSet-Cookie: x=1", "\n", "\r", "%", "%zz", "%00", "%c0%af", "%ff%fe",
    "\u202e", "\ufeff", "\ud7ff", "😀" * 50, "<script>alert(1)</script>", "' OR 1=1 --", "{{7*7}}",
    "%(name)s", "0001-01-01", "9999-12-31", "2026-02-30", "+9665", " ", "", "\\", "//evil.example",
    "https://evil.example/", "javascript:alert(1)", "\t", "ar", "en", "xx",
]
# The classic breakers, each tried in every path argument, query parameter and form field of every rule.
BREAKERS = ["\x00", "99999999999999999999999", str(2 ** 31), "9" * 5000, "-1", "²", "../..",
            "\r\nSet-Cookie: x=1", "😀" * 300, "0001-01-01", "9999-12-31", "", "\\", "//evil.example",
            "0001-01-01T00:00", "9999-12-31T23:59", "text\x00with NUL"]  # dates as datetime-local sends them
RAW_SEGMENTS = ["%", "%zz", "%00", "%2e%2e", "%2F", "%c0%ae%c0%ae", "%ff", "..", ".", "%0d%0a", "%u0000"]
TEXT = st.one_of(st.sampled_from(NASTY), st.text(max_size=60), st.integers().map(str),
                 st.binary(max_size=40).map(lambda raw: raw.decode("latin-1")))
# Headers a browser or a proxy could send broken; each random example carries one of these sets.
HEADERS = [{}, {"Cookie": "session=\x00junk; staff_lang=zz"}, {"Cookie": "session=" + "a" * 4000},
           {"Accept-Language": "\x00;q=abc"}, {"Accept-Encoding": "gzip;q=x"}, {"If-None-Match": '"\x00"'},
           {"If-Modified-Since": "Mon, 99 Foo 9999"}, {"Range": "bytes=999999999999999999999-"},
           {"Sec-Fetch-Site": "cross-site", "Origin": "null"}, {"Sec-Fetch-Site": "none"},
           {"Content-Type": "multipart/form-data; boundary="}]
_ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>")


def _field_names() -> list[str]:
    """Every form field name the app's templates and forms use, plus the ones built in loops."""
    names = set()
    for template in (ROOT / "templates").rglob("*.html"):
        names.update(re.findall(r'name="([\w-]+)"', template.read_text(encoding="utf-8")))
    names.update(field for field in ConsultForm.__dict__ if not field.startswith("_"))
    names.update(f"form-{index}" for index in range(7))
    names.update(["event", "lang", "detail", "page", "ui", "v", "out", "saved", "search", "ref", "shown-x"])
    # And every query or form name the views read (e.g. /staff/live's `since`, which no form carries).
    for module in (ROOT / "kiosk").rglob("*.py"):
        names.update(re.findall(r'request\.(?:args|form|values)\.get(?:list)?\(\s*"([\w-]+)"',
                                module.read_text(encoding="utf-8")))
    return sorted(names)


FIELDS = _field_names()


def _values_for(converter: str | None, args: str | None, seeds: dict[str, list[str]], name: str):
    """A strategy for one path argument: real values (so views run deep) and hostile ones."""
    real = list(seeds.get(name, []))
    if converter == "any" and args:
        real += [item.strip().strip("'\"") for item in args.split(",")]
    if converter == "int":
        real += ["1", "2"]
    safe = "/" if converter == "path" else ""
    hostile = TEXT.map(lambda value: quote(value, safe=safe))
    options = [hostile, st.sampled_from(RAW_SEGMENTS)]
    if real:
        options.insert(0, st.sampled_from(real))
    return st.one_of(*options)


def _paths(rule: str, seeds: dict[str, list[str]]):
    """URLs for a rule: each <argument> replaced by a real or hostile (percent-encoded or raw) value."""
    parts, strategies, last = [], [], 0
    for match in _ARGUMENT.finditer(rule):
        parts.append(rule[last:match.start()])
        strategies.append(_values_for(match["converter"], match["args"], seeds, match["name"]))
        last = match.end()
    tail = rule[last:]
    return st.tuples(*strategies).map(
        lambda values: "".join(part + value for part, value in zip(parts, values, strict=True)) + tail)


def _queries():
    pairs = st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=10)), TEXT, max_size=4)
    raw = st.lists(st.sampled_from(RAW_SEGMENTS + ["=", "&", "a", "from", "to", "page", "%3D"]), max_size=8)
    return st.one_of(pairs, raw.map("".join))


def _bodies():
    fields = st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=10)), TEXT, max_size=8)
    raw = st.binary(max_size=300)
    return st.one_of(fields.map(lambda data: ("form", data)), raw.map(lambda data: ("raw", data)))


@pytest.fixture(scope="module")
def swept_apps(request, tmp_path_factory):
    """One app per database for the whole sweep, each with a request, a staff user and a translation change
    to aim at. (PostgreSQL's INTEGER is 32-bit where SQLite's is 64, and its text refuses NUL: what one
    database accepts the other may not.)"""
    made = {}

    def app_on(database: str):
        if database not in made:
            folder = tmp_path_factory.mktemp("hostile")
            overrides = {}
            if database == "postgresql":
                overrides["DATABASE_URL"] = request.getfixturevalue("postgres_cluster").new_database()
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("KIOSK_INSTANCE_PATH", str(folder))
                app = make_app(folder, **overrides)
            add_staff(app)
            add_consult(app)
            with app.app_context():
                overlay.save("ar", "Home", "البداية", "Home", "alice", 0)
                # A proposal with a NUL, as one kept before the editor refused them: its approval is swept.
                proposals.propose("ar", "Article", "المقالة\x00", "Article", "sara", 0)
                proposals.propose("ar", "Article", "المقالة", "Article", "sara", 0)
            made[database] = app
        return made[database]

    yield app_on
    for app in made.values():
        app.extensions["kiosk_db"].engine.dispose()


def _targets(app):
    """(rule text, method) for every rule and every method it answers, OPTIONS aside."""
    return [(rule.rule, method) for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule)
            for method in sorted(rule.methods - {"OPTIONS"})]


# On PostgreSQL signed in only: a signed-in client reaches every view that touches the database that an
# anonymous one does (the kiosk's form, the beacon, sign-in), and more; anonymous staff URLs only redirect.
@pytest.mark.parametrize("database, signed_in", [("sqlite", False), ("sqlite", True), ("postgresql", True)],
                         ids=["sqlite-anonymous", "sqlite-signed-in", "postgresql-signed-in"])
def test_no_rule_answers_5xx_to_hostile_paths_queries_and_bodies(swept_apps, database, signed_in):
    app = swept_apps(database)
    client = app.test_client()
    seeds = {"digest": [key_hash("ar", "Home")], "filename": ["css/kiosk.css", "js/idle.js"]}
    # The page-at-once editor names its fields after the entries they hold.
    named = [f"{field}-{seeds['digest'][0]}" for field in ("msgstr", "version", "shown")]
    FIELDS.extend(name for name in named if name not in FIELDS)
    if signed_in:
        sign_in_directly(app, client)
    token = csrf_token(client, "/staff/?ui=en" if signed_in else "/staff/login?ui=en")
    targets = _targets(app)
    assert len(targets) >= 20  # the sweep really sees the app's routes

    for rule, method in targets:
        # Every classic breaker in every place at once: always tried, not left to chance. (HEAD runs the
        # GET view; the random examples below cover it.)
        for value in BREAKERS if method != "HEAD" else ():
            _check(app, client, token, signed_in, method, _fill(rule, quote(value, safe=""), seeds),
                   dict.fromkeys(FIELDS, value), ("form", dict.fromkeys(FIELDS, value)), True, "10.0.0.1")
            if "<" in rule:  # and in every path argument alone
                _check(app, client, token, signed_in, method, _fill(rule, quote(value, safe=""), {}),
                       {}, ("form", {}), True, "10.0.0.2")
        _sweep(app, client, token, signed_in, seeds, rule, method)()


def _fill(rule: str, value: str, seeds: dict[str, list[str]]) -> str:
    """The rule with every argument a real value (seeds, the first of an `any`, 1 for `int`) or `value`."""
    def one(match: re.Match) -> str:
        if match["name"] in seeds:
            return seeds[match["name"]][0]
        if match["converter"] == "any" and seeds:
            return match["args"].split(",")[0].strip().strip("'\"")
        if match["converter"] == "int" and seeds:
            return "1"
        return value
    return _ARGUMENT.sub(one, rule)


def _signed_in(client) -> bool:
    # At a /staff URL: the session cookie's path is /staff (SESSION_COOKIE_PATH), so at "/" the session
    # would always look empty, every check would sign in anew and every staff POST fail its CSRF token.
    with client.session_transaction("/staff/") as session:
        return SESSION_KEY in session


def _check(app, client, token, signed_in, method, path, query, body, with_token, address, headers=None):
    if signed_in and not _signed_in(client):
        sign_in_directly(app, client)  # a swept POST /staff/logout ended the session
    kind, data = body
    options = {"query_string": query, "environ_base": {"REMOTE_ADDR": address},
               "headers": {"Sec-Fetch-Site": "same-origin", **(headers or {})}}
    if method in ("POST", "PUT", "PATCH", "DELETE"):
        if kind == "form":
            options["data"] = {**data, **({"csrf_token": token} if with_token else {})}
        else:
            options["data"] = data
            options["content_type"] = "application/x-www-form-urlencoded"
    response = client.open(path, method=method, **options)
    assert response.status_code < 500, f"{method} {path!r} ?{query!r} {body!r} -> {response.status_code}"


def _sweep(app, client, token, signed_in, seeds, rule, method):
    """A hypothesis test of one rule and method (so every rule gets its own examples)."""

    @settings(max_examples=EXAMPLES_PER_RULE, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(path=_paths(rule, seeds), query=_queries(), body=_bodies(), with_token=st.booleans(),
           address=st.ip_addresses(v=4).map(str), headers=st.sampled_from(HEADERS))
    def sweep(path, query, body, with_token, address, headers):
        _check(app, client, token, signed_in, method, path, query, body, with_token, address, headers)

    return sweep


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_every_form_the_pages_draw_takes_hostile_typed_values_without_a_5xx(swept_apps, database):
    """Each POST form of each page, read from its HTML: choices and hidden fields keep their real values
    (every radio and select option in turn), every field one types into gets each breaker (NUL, dates at
    the ends of the calendar in a datetime-local, numbers past 32 bits, …)."""
    app = swept_apps(database)
    client = app.test_client()
    sign_in_directly(app, client)
    token = csrf_token(client, "/staff/?ui=en")
    seeds = {"digest": [key_hash("ar", "Home"), key_hash("ar", "Article")]}
    forms, pages = {}, 0
    for rule, method in _targets(app):
        if method != "GET" or "<path:" in rule:
            continue
        path = _fill(rule, "1", seeds)
        response = client.get(path, query_string={"ui": "en"})
        if response.status_code == 200 and response.mimetype == "text/html":
            pages += 1
            for form in forms_of(path, response.get_data(as_text=True)):
                forms.setdefault((form.action, tuple(form.typed), tuple(form.choices)), form)
    assert pages >= 10 and len(forms) >= 8, (pages, sorted(forms))
    for form in forms.values():
        for value in BREAKERS:
            for filling in form.fillings(value):
                if not _signed_in(client):  # the sign-out form was swept: a new session needs its own token
                    sign_in_directly(app, client)
                    token = csrf_token(client, "/staff/?ui=en")
                _check(app, client, token, True, "POST", form.action, {}, ("form", filling), True, "10.0.0.3")
