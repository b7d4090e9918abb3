"""Second factors: the authenticator app's secret and last step, passkeys, recovery codes, half sessions.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users") as table:
        table.add_column(sa.Column("totp_secret", sa.String(64), nullable=True))
        table.add_column(sa.Column("totp_last_step", sa.Integer, nullable=True))
        table.add_column(sa.Column("webauthn_handle", sa.String(100), nullable=True))
    # Sessions opened before second factors existed passed no second factor: they end.
    op.execute("DELETE FROM staff_sessions")
    with op.batch_alter_table("staff_sessions") as table:
        table.add_column(sa.Column("second_factor", sa.Boolean, nullable=False, server_default=sa.false()))
        table.add_column(sa.Column("setup_secret", sa.String(64), nullable=True))
        table.add_column(sa.Column("new_codes", sa.Text, nullable=True))
    op.create_table(
        "staff_recovery_codes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("code_hash", sa.String(255), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_staff_recovery_codes_user_id", "staff_recovery_codes", ["user_id"])
    op.create_table(
        "staff_passkeys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("credential_id", sa.String(1400), nullable=False, unique=True),
        sa.Column("public_key", sa.LargeBinary, nullable=False),
        sa.Column("sign_count", sa.Integer, nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_staff_passkeys_user_id", "staff_passkeys", ["user_id"])


def downgrade() -> None:
    op.drop_table("staff_passkeys")
    op.drop_table("staff_recovery_codes")
    with op.batch_alter_table("staff_sessions") as table:
        table.drop_column("new_codes")
        table.drop_column("setup_secret")
        table.drop_column("second_factor")
    with op.batch_alter_table("staff_users") as table:
        table.drop_column("webauthn_handle")
        table.drop_column("totp_last_step")
        table.drop_column("totp_secret")
