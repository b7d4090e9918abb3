"""Staff roles (existing users become admin), the staff audit log and translators' proposals.

Revision ID: 0005
Revises: 0003_staff, 0004_translations (it joins the two heads: roles need staff_users, proposals the overlay)
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = ("0003_staff", "0004_translations")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("staff_users", sa.Column("role", sa.String(16), nullable=False, server_default="reception"))
    # Everyone who could sign in before roles existed could do everything: they keep that until changed.
    op.execute("UPDATE staff_users SET role = 'admin'")
    op.create_table(
        "staff_audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("reference", sa.String(40), nullable=True),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_staff_audit_at", "staff_audit", ["at"])
    op.create_table(
        "translation_proposals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("msgid", sa.Text, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("base_version", sa.Integer, nullable=False),
        sa.Column("proposed_by", sa.String(80), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_translation_proposals_key_hash", "translation_proposals", ["key_hash"])


def downgrade() -> None:
    op.drop_table("translation_proposals")
    op.drop_table("staff_audit")
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("role")
