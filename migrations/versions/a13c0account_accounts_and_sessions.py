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
    # --- sessions and tokens: end
    # --- integrity of answers: begin
    # --- integrity of answers: end
    pass


def downgrade():
    # --- integrity of answers: begin
    # --- integrity of answers: end
    # --- sessions and tokens: begin
    # --- sessions and tokens: end
    # --- second factor and login throttles: begin
    # --- second factor and login throttles: end
    pass
