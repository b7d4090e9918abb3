"""Alembic environment: migrations run against the URL that kiosk.db.alembic_config sets."""
from alembic import context
from sqlalchemy import create_engine

from kiosk.db import Base

config = context.config


def run() -> None:
    url = config.get_main_option("sqlalchemy.url")
    # A central database that does not answer fails the attempt in seconds; `kiosk serve` retries later.
    engine = create_engine(url, connect_args={} if url.startswith("sqlite") else {"connect_timeout": 5})
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, target_metadata=Base.metadata,
                              render_as_batch=url.startswith("sqlite"))
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


run()
