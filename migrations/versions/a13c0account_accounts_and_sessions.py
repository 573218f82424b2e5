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
    # --- integrity of answers: end
    pass


def downgrade():
    # --- integrity of answers: begin
    # --- integrity of answers: end
    # --- sessions and tokens: begin
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_session_user_id"))
    op.drop_table("user_session")
    # --- sessions and tokens: end
    # --- second factor and login throttles: begin
    # --- second factor and login throttles: end
    pass
