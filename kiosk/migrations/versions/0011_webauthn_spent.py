"""WebAuthn challenges already answered, so an answer cannot be replayed with an old session cookie.

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_webauthn_spent",
        sa.Column("challenge_hash", sa.String(64), primary_key=True),
        sa.Column("spent_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_staff_webauthn_spent_spent_at", "staff_webauthn_spent", ["spent_at"])


def downgrade() -> None:
    op.drop_table("staff_webauthn_spent")
