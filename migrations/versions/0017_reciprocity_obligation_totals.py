"""reciprocity obligation totals: return visits owed per partner, open and met, by due year and over all years
(due_year 0), kept current by portal/partners/obligation_summary.py and filled here from the obligations, so the
reciprocity dashboard ranks one row per partner instead of grouping every obligation

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 19:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

ALL_YEARS = 0
COUNTS = ("sum(CASE WHEN status = 'open' THEN 1 ELSE 0 END), sum(CASE WHEN status = 'met' THEN 1 ELSE 0 END) "
          "FROM reciprocity_obligations WHERE status IN ('open', 'met')")
FILL = ("INSERT INTO reciprocity_obligation_totals (partner_id, due_year, open, met) "
        f"SELECT partner_id, due_year, {COUNTS} GROUP BY partner_id, due_year "
        f"UNION ALL SELECT partner_id, {ALL_YEARS}, {COUNTS} GROUP BY partner_id")

# What the bench generator runs once it has written the obligations (bench/generate.py, migrations in order).
BENCH_FILLS = {"reciprocity_obligation_totals": lambda _dialect: FILL}


def upgrade():
    op.create_table(
        'reciprocity_obligation_totals',
        sa.Column('partner_id', sa.Integer(), nullable=False),
        sa.Column('due_year', sa.Integer(), nullable=False),
        sa.Column('open', sa.BigInteger(), nullable=False),
        sa.Column('met', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['partner_id'], ['organisations.id'],
                                name=op.f('fk_reciprocity_obligation_totals_partner_id_organisations'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('partner_id', 'due_year', name=op.f('pk_reciprocity_obligation_totals')),
    )
    op.create_index('ix_reciprocity_obligation_totals_due_year', 'reciprocity_obligation_totals',
                    ['due_year', 'partner_id'], unique=False, postgresql_include=['open', 'met'])
    op.execute(sa.text(FILL))


def downgrade():
    op.drop_index('ix_reciprocity_obligation_totals_due_year', table_name='reciprocity_obligation_totals')
    op.drop_table('reciprocity_obligation_totals')
