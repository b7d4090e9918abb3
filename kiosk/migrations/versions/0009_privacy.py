"""The privacy request log (SPEC §5 Privacy requests).

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "privacy_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("received_on", sa.Date, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("reference", sa.String(12), nullable=False, server_default=""),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("logged_by", sa.String(64), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(64), nullable=False, server_default=""),
    )
    op.create_index("ix_privacy_requests_due_on", "privacy_requests", ["due_on"])
    op.create_index("ix_privacy_requests_done_at", "privacy_requests", ["done_at"])


def downgrade() -> None:
    op.drop_index("ix_privacy_requests_done_at", table_name="privacy_requests")
    op.drop_index("ix_privacy_requests_due_on", table_name="privacy_requests")
    op.drop_table("privacy_requests")
