"""The schema migrates on both supported databases, and /healthz sees it."""


def test_migrations_apply_and_healthz_is_ok(app_factory, database_url):
    response = app_factory(DATABASE_URL=database_url).test_client().get("/healthz")
    assert response.status_code == 200, response.get_json()
