"""Screens, their recent script errors and CSP reports, and each server's status (spool depth).

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screens",
        sa.Column("branch", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("server", sa.String(64), nullable=False),
        sa.Column("path", sa.String(200), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("catalog", sa.Integer, nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_screens_server", "screens", ["server"])
    op.create_table(
        "screen_errors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("branch", sa.String(64), nullable=False),
        sa.Column("screen", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("message", sa.String(300), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_screen_errors_screen", "screen_errors", ["branch", "screen", "last_at"])
    op.create_table(
        "server_status",
        sa.Column("branch", sa.String(64), primary_key=True),
        sa.Column("server", sa.String(64), primary_key=True),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("catalog", sa.Integer, nullable=False),
        sa.Column("heartbeat_seconds", sa.Integer, nullable=False),
        sa.Column("outbox", sa.Integer, nullable=False),
        sa.Column("outbox_oldest", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("server_status")
    op.drop_index("ix_screen_errors_screen", table_name="screen_errors")
    op.drop_table("screen_errors")
    op.drop_index("ix_screens_server", table_name="screens")
    op.drop_table("screens")
