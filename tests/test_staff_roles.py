"""Roles (SPEC §5, §6): admin, reception, translator; each /staff page answers 403 to a role not its own."""
import pytest
from alembic import command
from sqlalchemy import create_engine, text
from staffkit import PASSWORD, add_consult, add_staff, enrol_app, login

from kiosk import create_app, db
from kiosk.i18n import overlay
from kiosk.i18n.models import key_hash

ROLES = ("admin", "reception", "translator")
# The pages a role may open beyond its blueprint's default; admin opens everything.
BLUEPRINT_DEFAULT = {"staff": {"reception"}, "translations": {"translator"}, "privacy": set()}
OWN = {"staff.login": set(ROLES), "staff.logout": set(ROLES), "staff.audit_log": set(),
       "translations.revert": set(), "translations.approve": set(), "translations.reject": set(),
       "staff.screens_add": set(), "staff.screens_remove": set()}
# Everyone's own second factors and its steps (SPEC §5 Second factor).
OWN.update({endpoint: set(ROLES) for endpoint in (
    "staff.login_code", "staff.mfa_setup", "staff.recovery_codes", "staff.account", "staff.remove_app",
    "staff.remove_passkey", "staff.rename_passkey", "staff.new_recovery_codes",
    "staff.passkey_register_options", "staff.passkey_register", "staff.passkey_login_options",
    "staff.passkey_login")})


def expected(role: str, endpoint: str) -> bool:
    allowed = OWN.get(endpoint, BLUEPRINT_DEFAULT.get(endpoint.split(".")[0]))
    assert allowed is not None, f"no expectation for {endpoint}: a new blueprint under /staff?"
    return role == "admin" or role in allowed


def test_staff_add_on_a_fresh_instance_migrates_first(instance):
    app = create_app({"TESTING": True})  # never migrated: the first command clinic IT runs
    result = app.test_cli_runner().invoke(args=["staff", "add", "huda", "--password-stdin"], input=PASSWORD)
    assert result.exit_code == 0, result.output
    assert "no such table" not in result.output
    listed = app.test_cli_runner().invoke(args=["staff", "list"]).output
    assert listed.startswith("huda\treception\t")
    app.extensions["kiosk_db"].engine.dispose()


def test_add_with_a_role_and_change_it_which_ends_the_sessions(app, runner):
    result = runner.invoke(args=["staff", "add", "sara", "--role", "translator", "--password-stdin"],
                           input=PASSWORD)
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["staff", "add", "x", "--role", "boss", "--password-stdin"],
                         input=PASSWORD).exit_code != 0
    client = app.test_client()
    assert login(client, "sara").location.endswith("/staff/translations/")  # where a translator works
    assert client.get("/staff/translations/").status_code == 200
    assert runner.invoke(args=["staff", "role", "sara", "reception"]).exit_code == 0
    assert client.get("/staff/").status_code == 302  # signed out: the old role's session is gone
    assert login(client, "sara").location.endswith("/staff/")
    assert client.get("/staff/translations/").status_code == 403
    assert runner.invoke(args=["staff", "role", "nobody", "admin"]).exit_code != 0
    assert "sara\treception\t" in runner.invoke(args=["staff", "list"]).output


def test_existing_users_become_admin_in_the_migration(instance):
    url = f"sqlite:///{instance / 'kiosk.sqlite3'}"
    instance.mkdir(parents=True, exist_ok=True)
    config = db.alembic_config(url)
    command.upgrade(config, "0003_staff")
    command.upgrade(config, "0004_translations")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO staff_users (username, password_hash, created_at) "
                                "VALUES ('old', 'x', '2026-01-01 00:00:00')"))
    command.upgrade(config, "heads")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT role FROM staff_users")).scalar() == "admin"
        assert connection.execute(text("SELECT count(*) FROM staff_audit")).scalar() == 0
        # One head again: 0005 joined the two branches of the history, and later revisions follow it.
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    engine.dispose()


def _fill(app, rule, consult_id: int, change_id: int, digest: str, proposal_id: int) -> str:
    values = {}
    for argument in rule.arguments:
        known = {"consult_id": consult_id, "change_id": change_id, "digest": digest,
                 "proposal_id": proposal_id, "passkey_id": 1}
        if argument not in known:
            pytest.fail(f"the role sweep does not know how to fill <{argument}> of {rule.rule}")
        values[argument] = known[argument]
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


@pytest.mark.parametrize("role", ROLES)
def test_every_staff_rule_answers_403_exactly_to_the_roles_it_is_not_for(app_factory, role):
    """Data-driven from the URL map: a page added later is covered by its blueprint's default."""
    app = app_factory(WTF_CSRF_ENABLED=False, CATALOG_CHECK_SECONDS=0)
    add_staff(app, "who", role=role)
    consult_id = add_consult(app)
    with app.app_context():
        overlay.save("ar", "Home", "البداية", "Home", "lead", 0)
        with app.extensions["kiosk_db"].reader() as session:
            change_id = overlay.history(session, "ar")[0].id
        from kiosk.editor import proposals

        proposal_id = proposals.propose("ar", "Article", "المقالة", "Article", "sara", 0)
    digest = key_hash("ar", "Home")
    client = app.test_client()
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/staff") or rule.endpoint == "staff.login":
            continue
        url = _fill(app, rule, consult_id, change_id, digest, proposal_id)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            enrol_app(app, "who")  # the sweep's empty POST to /staff/account/app/remove removed it
            if client.get("/staff/login").status_code == 200:  # signed out (by logout): sign in again
                assert login(client, "who").status_code == 303
            response = client.open(f"{url}?ui=ar", method=method, data={})
            allowed = expected(role, rule.endpoint)
            assert (response.status_code != 403) == allowed, (role, method, rule.rule, response.status_code)
            if not allowed:
                html = response.get_data(as_text=True)
                assert 'lang="ar"' in html and "دورك" in html  # in the staff member's language
            checked += 1
    assert checked >= 17
