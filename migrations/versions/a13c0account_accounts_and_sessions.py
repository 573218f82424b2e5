"""accounts a ministry can trust (issue 13): second factor, server-side sessions, throttles

Revision ID: a13c0account
Revises: 092ee9c6db3a
Create Date: 2026-12-01 22:00:00

Sections per part of the work; each part adds its own operations between its markers.
"""

from alembic import op
import sqlalchemy as sa


revision = "a13c0account"
down_revision = "092ee9c6db3a"
branch_labels = None
depends_on = None


def upgrade():
    # --- second factor and login throttles: begin
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
    op.create_table(
        "pending_sign_in",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=12), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("next_url", sa.String(length=500), nullable=False),
        sa.Column("new_secret", sa.String(length=64), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_pending_sign_in_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_pending_sign_in")),
    )
    with op.batch_alter_table("pending_sign_in", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pending_sign_in_user_id"), ["user_id"], unique=False)
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    # Growing delays replace the fixed 15-minute count of failures (nothing worth keeping).
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.drop_index("ix_login_failure_account_at")
    op.drop_table("login_failure")
    # --- second factor and login throttles: end
    # --- sessions and tokens: begin
    op.create_table(
        "user_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("user_agent", sa.String(length=200), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_user_session_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_session")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_user_session_secret_hash")),
    )
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_session_user_id"), ["user_id"], unique=False)
    # --- sessions and tokens: end
    # --- integrity of answers: begin
    op.create_table(
        "phone_arrival",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answers", sa.String(length=9), nullable=False),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_phone_arrival_counter_id_counter")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phone_arrival")),
    )
    with op.batch_alter_table("phone_arrival", schema=None) as batch_op:
        batch_op.create_index("ix_phone_arrival_counter_id_at", ["counter_id", "at"], unique=False)
    # --- integrity of answers: end
    pass


def downgrade():
    # --- integrity of answers: begin
    with op.batch_alter_table("phone_arrival", schema=None) as batch_op:
        batch_op.drop_index("ix_phone_arrival_counter_id_at")
    op.drop_table("phone_arrival")
    # --- integrity of answers: end
    # --- sessions and tokens: begin
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_session_user_id"))
    op.drop_table("user_session")
    # --- sessions and tokens: end
    # --- second factor and login throttles: begin
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=45), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.create_index("ix_login_failure_account_at", ["account", "at"], unique=False)
    op.drop_table("login_throttle")
    with op.batch_alter_table("pending_sign_in", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_sign_in_user_id"))
    op.drop_table("pending_sign_in")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
    # --- second factor and login throttles: end
    pass
