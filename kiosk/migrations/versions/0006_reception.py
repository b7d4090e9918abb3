"""Reception: the branch and call due time of each request, contact attempts, the mail queue.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consult_requests") as table:
        table.add_column(sa.Column("branch", sa.String(64), nullable=False, server_default="main"))
        table.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
        table.create_index("ix_consult_requests_branch", ["branch"])
        table.create_index("ix_consult_requests_due_at", ["due_at"])
    op.create_table(
        "contact_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("consult_id", sa.Integer, sa.ForeignKey("consult_requests.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_name", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("callback_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_contact_attempts_consult_id", "contact_attempts", ["consult_id"])
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("consult_id", sa.Integer, nullable=False),
        sa.Column("reference", sa.String(12), nullable=False),
        sa.Column("branch", sa.String(64), nullable=False),
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("preferred_language", sa.String(2), nullable=False),
        sa.Column("preferred_time", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(8), nullable=False, server_default="pending"),
        sa.Column("tries", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(200), nullable=False, server_default=""),
        sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_mail_outbox_consult_id", "mail_outbox", ["consult_id"])
    op.create_index("ix_mail_outbox_state_next", "mail_outbox", ["state", "next_try_at"])


def downgrade() -> None:
    op.drop_table("mail_outbox")
    op.drop_table("contact_attempts")
    with op.batch_alter_table("consult_requests") as table:
        table.drop_index("ix_consult_requests_due_at")
        table.drop_index("ix_consult_requests_branch")
        table.drop_column("due_at")
        table.drop_column("branch")
