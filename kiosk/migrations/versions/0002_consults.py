"""Consult requests.

Revision ID: 0002_consults
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_consults"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consult_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reference", sa.String(12), nullable=False, unique=True),
        sa.Column("submission_id", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("page_language", sa.String(2), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("phone", sa.String(16), nullable=False),
        sa.Column("preferred_language", sa.String(2), nullable=False),
        sa.Column("preferred_time", sa.String(10), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("consent_version", sa.String(32), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("staff_notes", sa.Text, nullable=False),
    )
    op.create_index("ix_consult_requests_created_at", "consult_requests", ["created_at"])
    op.create_index("ix_consult_requests_phone", "consult_requests", ["phone"])
    op.create_index("ix_consult_requests_status", "consult_requests", ["status"])
    op.create_index("ix_consult_requests_status_created", "consult_requests", ["status", "created_at"])


def downgrade() -> None:
    op.drop_table("consult_requests")
