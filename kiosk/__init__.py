"""Clinic kiosk: a bilingual (English / Arabic) information kiosk for a hair-restoration clinic."""
from __future__ import annotations

from typing import Any

from flask import Flask

from . import config, paths, routing
from .extensions import csrf  # kept here too: `kiosk.csrf` was its home


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then the KIOSK_* environment, then `test_config`."""
    paths.check_layout()
    app = Flask(__name__, instance_path=config.instance_path(), instance_relative_config=True,
                template_folder=str(paths.TEMPLATES), static_folder=str(paths.STATIC))
    app.config.from_mapping(config.DEFAULTS)
    app.config.from_mapping(config.from_environment())
    if test_config:
        app.config.from_mapping(test_config)
    config.finish(app.config, paths.Path(app.instance_path))
    routing.init_app(app)  # before any blueprint adds a rule

    from . import (
        assets,
        backup_cli,
        crossorigin,
        db,
        errors,
        health,
        i18n,
        offline,
        pagecache,
        perf,
        public,
        screens,
        security,
        speculation,
        staff,
        usage,
    )
    from . import editor as translation_editor
    from .consults import outbox
    from .consults import views as consults
    from .i18n.cli import i18n_cli
    from .privacy import views as privacy
    from .privacy.cli import privacy_cli
    from .serve import serve_command
    from .staff.cli import consults_cli, staff_cli
    from .staff.screens_cli import screens_cli

    # X-Forwarded-* (KIOSK_PROXY_HOPS) are read by waitress in `kiosk serve`, from the proxy's address only
    # (kiosk/serve.py): the app sees the browser's address, scheme and host already, and never the headers.
    crossorigin.init_app(app)  # first: a refused request meets no other hook
    db.init_app(app)
    i18n.init_app(app, paths.TRANSLATIONS)
    csrf.init_app(app)  # staff forms only: kiosk.staff.auth checks their tokens
    security.init_app(app)
    assets.init_app(app)
    pagecache.init_app(app)
    perf.init_app(app)
    app.register_blueprint(public.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(offline.bp)
    speculation.init_app(app)
    app.register_blueprint(consults.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(translation_editor.bp)
    app.register_blueprint(privacy.bp)
    usage.init_app(app)
    outbox.init_app(app)
    screens.init_app(app)
    errors.init_app(app)
    backup_cli.add_to(db.db_cli)  # backup and restore sit above db: they write audit entries
    for command in (db.db_cli, i18n_cli, serve_command, staff_cli, consults_cli, screens_cli,
                    outbox.outbox_command, privacy_cli):
        app.cli.add_command(command)
    return app
