"""Fixtures: the real app on a real SQLite file, its CLI runner, and a real Chromium for browser tests."""
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from waitress.server import create_server

from kiosk import create_app, db
from kiosk.serve import run_until_stopped

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LOCALES = ("en", "ar")


@pytest.fixture
def instance(tmp_path, monkeypatch) -> Path:
    """A fresh instance folder per test, named through the environment as clinic IT would."""
    folder = tmp_path / "instance"
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", str(folder))
    return folder


class SameOriginClient(FlaskClient):
    """A test client that sends what Chromium sends on the kiosk's own pages: `Sec-Fetch-Site: same-origin`.

    Posts pass the Fetch Metadata rule (SPEC §4) as a real screen's do; tests of the rule itself use
    Flask's plain FlaskClient, or pass the header they mean (a request's headers win over these)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_SEC_FETCH_SITE"] = "same-origin"


_MIGRATED: list[bytes] = []  # a freshly migrated SQLite database, made once per test process


def _migrated_sqlite() -> bytes:
    """The bytes of an SQLite file after every migration (running Alembic for each test costs ~0.12 s)."""
    if not _MIGRATED:
        import sqlite3
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "template.sqlite3"
            db.upgrade(f"sqlite:///{path}")
            connection = sqlite3.connect(path)
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file
            connection.close()
            _MIGRATED.append(path.read_bytes())
    return _MIGRATED[0]


def make_app(instance: Path, **overrides):
    app = create_app({"TESTING": True, **overrides})
    app.test_client_class = SameOriginClient
    database = instance / "kiosk.sqlite3"
    fresh = (app.config["DATABASE_URL"] == f"sqlite:///{database}" and database.exists()
             and database.stat().st_size == 0 and not database.with_name(database.name + "-wal").exists())
    if fresh:  # the schema a migration would make, written into the app's own (0600) file
        with open(database, "r+b") as handle:
            handle.write(_migrated_sqlite())
    else:
        db.upgrade(app.config["DATABASE_URL"])
    return app


@pytest.fixture
def app_factory(instance):
    """Build migrated apps with extra config; their database connections are closed after the test."""
    made = []

    def build(**overrides):
        made.append(make_app(instance, **overrides))
        return made[-1]

    yield build
    for app in made:
        app.extensions["kiosk_db"].engine.dispose()


@pytest.fixture
def app(app_factory):
    return app_factory()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class LiveServer:
    """The app under waitress on a free loopback port, in a background thread. After stop(), start() serves
    again on the same port (the service worker's origin stays the same)."""

    def __init__(self, app):
        self.app, self.port = app, 0
        self.start()

    def start(self):
        self.server = create_server(self.app, host="127.0.0.1", port=self.port, threads=4, _start=True)
        self.port = self.server.effective_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        # The production loop and drain: closing the server from this thread while its loop polls the
        # sockets raised EBADF in the loop's thread (a CI failure pinned on the next test).
        self.thread = threading.Thread(target=run_until_stopped, args=(self.server, self._stop, 5),
                                       daemon=True)
        self.thread.start()

    def stop(self):
        self._stop.set()
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live-instance")
    previous = os.environ.get("KIOSK_INSTANCE_PATH")
    os.environ["KIOSK_INSTANCE_PATH"] = str(folder)
    try:
        server = LiveServer(make_app(folder, IDLE_SECONDS=3600))
    finally:
        if previous is None:
            os.environ.pop("KIOSK_INSTANCE_PATH")
        else:
            os.environ["KIOSK_INSTANCE_PATH"] = previous
    yield server
    server.stop()
    server.app.extensions["kiosk_db"].engine.dispose()


# No name resolves but loopback: 127.0.0.1, and localhost (a WebAuthn relying party id must be a host name).
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium. Missing in CI is a failure, never a skip."""
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


# Records every Content-Security-Policy violation on every page a context opens, reported to Python at once
# (a later navigation would lose anything kept only on `window`).
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__kioskCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` in ${event.sourceFile || document.location.pathname}:${event.lineNumber}`);
});
"""


def watch_csp(context) -> list[str]:
    """Collect CSP violations (events and console errors) from every page of a browser context."""
    violations: list[str] = []
    context.expose_function("__kioskCspViolation", lambda text: violations.append(text))
    context.add_init_script(CSP_WATCH)

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(message.text)

    context.on("console", on_console)
    return violations


def fail_on_csp_violations(violations: list[str]) -> None:
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(violations)))


@pytest.fixture
def page(browser):
    """A fresh portrait kiosk screen (1080×1920) per test; any CSP violation fails the test."""
    context = browser.new_context(viewport={"width": 1080, "height": 1920}, has_touch=True)
    violations = watch_csp(context)
    page = context.new_page()
    yield page
    context.close()
    fail_on_csp_violations(violations)


@pytest.fixture(scope="session")
def postgres_cluster():
    """A real PostgreSQL for the storage tests. Missing in CI is a failure, never a skip."""
    from postgres import Cluster

    try:
        cluster = Cluster()
    except (FileNotFoundError, subprocess.CalledProcessError) as error:
        message = f"PostgreSQL unavailable: {error}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster) -> str:
    """The URL of a fresh, empty PostgreSQL database for one test."""
    return postgres_cluster.new_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, instance) -> str:
    """Run a storage test on both databases the kiosk supports."""
    if request.param == "sqlite":
        return f"sqlite:///{instance / 'kiosk.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def translations_copy(tmp_path) -> Path:
    """A compiled copy of the app's translations/ to change or break on purpose."""
    from kiosk.i18n import tooling
    from kiosk.paths import TRANSLATIONS

    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, copy)
    tooling.compile_all(copy)
    return copy


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def kiosk_server(tmp_path_factory):
    """Start live servers with extra config (a short idle timeout, no keyboard…); stopped after the test."""
    started = []

    def start(**overrides) -> LiveServer:
        folder = tmp_path_factory.mktemp("kiosk-instance")
        previous = os.environ.get("KIOSK_INSTANCE_PATH")
        os.environ["KIOSK_INSTANCE_PATH"] = str(folder)
        try:
            started.append(LiveServer(make_app(folder, **overrides)))
        finally:
            if previous is None:
                os.environ.pop("KIOSK_INSTANCE_PATH")
            else:
                os.environ["KIOSK_INSTANCE_PATH"] = previous
        return started[-1]

    yield start
    for server in started:
        server.stop()
        server.app.extensions["kiosk_db"].engine.dispose()


@pytest.fixture
def screen(browser):
    """Open kiosk screens of any size (and with JavaScript off); closed after the test."""
    contexts = []
    watched: list[list[str]] = []

    def open_screen(width: int = 1080, height: int = 1920, **options):
        contexts.append(browser.new_context(viewport={"width": width, "height": height}, has_touch=True,
                                            **options))
        if options.get("java_script_enabled", True):
            watched.append(watch_csp(contexts[-1]))
        return contexts[-1].new_page()

    yield open_screen
    for context in contexts:
        context.close()
    fail_on_csp_violations([text for violations in watched for text in violations])
