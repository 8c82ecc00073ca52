"""application totals: requested and approved totals and the trip's carbon kept on the application

Lists, queues and the carbon page read these columns instead of summing every funding line or recomputing every
budget per request. The money totals are filled from the existing lines; the carbon stays NULL (not computed)
until the budget is next computed or `flask --app wsgi refresh-totals` runs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 06:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

REQUESTED = """
UPDATE applications SET requested_total_cents = COALESCE((
    SELECT SUM(CASE WHEN requested_cents IS NULL THEN computed_cents ELSE requested_cents END)
    FROM funding_lines WHERE funding_lines.application_id = applications.id), 0)
"""
APPROVED = """
UPDATE applications SET approved_total_cents = (
    SELECT SUM(approved_cents) FROM funding_lines
    WHERE funding_lines.application_id = applications.id AND approved_cents IS NOT NULL)
"""


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requested_total_cents', sa.BigInteger(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('approved_total_cents', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('co2_kg', sa.Numeric(12, 1), nullable=True))
        batch_op.add_column(sa.Column('offset_cents', sa.BigInteger(), nullable=True))
    op.execute(REQUESTED)
    op.execute(APPROVED)


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('offset_cents')
        batch_op.drop_column('co2_kg')
        batch_op.drop_column('approved_total_cents')
        batch_op.drop_column('requested_total_cents')
