"""Staff translation overlay, its history and the catalog version counter.

Revision ID: 0004_translations
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_translations"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "translation_overlay",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("msgid", sa.Text, nullable=False),
        sa.Column("msgstr", sa.Text, nullable=False),
        sa.Column("plural_forms", sa.Text, nullable=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("updated_by", sa.String(80), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("row_version", sa.Integer, nullable=False),
        sa.UniqueConstraint("locale", "key_hash", name="uq_translation_overlay_key"),
    )
    op.create_table(
        "translation_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("msgid", sa.Text, nullable=False),
        sa.Column("old", sa.Text, nullable=True),
        sa.Column("new", sa.Text, nullable=True),
        sa.Column("changed_by", sa.String(80), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
    )
    op.create_index("ix_translation_history_key_hash", "translation_history", ["key_hash"])
    op.create_index("ix_translation_history_changed_at", "translation_history", ["changed_at"])
    version = op.create_table(
        "catalog_version",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.bulk_insert(version, [{"id": 1, "version": 1}])


def downgrade() -> None:
    op.drop_table("catalog_version")
    op.drop_table("translation_history")
    op.drop_table("translation_overlay")
