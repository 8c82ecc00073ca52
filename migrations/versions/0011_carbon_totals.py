"""carbon totals: the carbon page's summary per call, status and direction (portal/funding/carbon_summary.py),
filled from the applications already there

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# The statuses the carbon page counts (portal/funding/carbon_report.py), as they are at this revision.
COUNTED = ("submitted", "recommended", "approved", "in_progress", "completed", "closed")


def upgrade():
    op.create_table('carbon_totals',
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('co2_tenths_kg', sa.BigInteger(), nullable=False),
    sa.Column('offset_cents', sa.BigInteger(), nullable=False),
    sa.Column('computed', sa.Integer(), nullable=False),
    sa.Column('applications', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_carbon_totals_call_id_calls'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('call_id', 'status', 'direction', name=op.f('pk_carbon_totals'))
    )
    # co2_kg has one decimal: ×10 rounded is exact in both databases.
    op.execute(sa.text(
        "INSERT INTO carbon_totals (call_id, status, direction, co2_tenths_kg, offset_cents, computed, applications) "
        "SELECT call_id, status, direction, CAST(round(coalesce(sum(co2_kg), 0) * 10) AS BIGINT), "
        "coalesce(sum(offset_cents), 0), count(co2_kg), count(*) FROM applications "
        "WHERE status IN ('" + "', '".join(COUNTED) + "') GROUP BY call_id, status, direction"))


def downgrade():
    op.drop_table('carbon_totals')
