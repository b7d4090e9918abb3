"""Enrolled screens (key, waiting command, offline alert), the taps figure of each screen, and mail kinds
(a screen's offline alert goes through the same durable mail queue as a new request's notice).

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screen_enrolments",
        sa.Column("branch", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("command", sa.String(8), nullable=True),
        sa.Column("command_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("alert_state", sa.String(8), nullable=False, server_default=""),
        sa.Column("alert_since", sa.DateTime(timezone=True), nullable=True),
    )
    with op.batch_alter_table("screens") as table:
        table.add_column(sa.Column("enrolled", sa.Boolean, nullable=False, server_default=sa.false()))
        table.add_column(sa.Column("taps_count", sa.Integer, nullable=True))
        table.add_column(sa.Column("taps_p50", sa.Integer, nullable=True))
        table.add_column(sa.Column("taps_p75", sa.Integer, nullable=True))
        table.add_column(sa.Column("taps_prerendered", sa.Float, nullable=True))
    with op.batch_alter_table("mail_outbox") as table:
        table.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="consult"))
        table.add_column(sa.Column("about_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mail_outbox") as table:
        table.drop_column("about_at")
        table.drop_column("kind")
    with op.batch_alter_table("screens") as table:
        for column in ("taps_prerendered", "taps_p75", "taps_p50", "taps_count", "enrolled"):
            table.drop_column(column)
    op.drop_table("screen_enrolments")
