"""reciprocity all years: each partner's and centre's totals over every year, as a row of year 0 in
reciprocity_totals (portal/partners/reciprocity_summary.py keeps it current), summed from the yearly rows already
there, so the reciprocity dashboard's default view reads one row per owner; indexes for the coordinator's home
(pairings answered lately, pairings still standing per application), the dashboard (one kind's rows of a year)
and the review queue filtered by country over every status (by amount or by age)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 13:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

ALL_YEARS = 0
FILL = ("INSERT INTO reciprocity_totals (owner_kind, owner_id, year, sent, received) "
        f"SELECT owner_kind, owner_id, {ALL_YEARS}, sum(sent), sum(received) FROM reciprocity_totals "
        f"WHERE year <> {ALL_YEARS} GROUP BY owner_kind, owner_id")

# What the bench generator runs after 0011's fill of the yearly rows (bench/generate.py, migrations in order).
BENCH_FILLS = {"reciprocity_totals": lambda _dialect: FILL}


def upgrade():
    op.execute(sa.text(FILL))
    not_declined = sa.text("status <> 'declined'")
    op.create_index('ix_pairings_responded', 'pairings', ['partner_responded_at'], unique=False)
    op.create_index('ix_pairings_standing_application', 'pairings', ['application_id'], unique=False,
                    postgresql_where=not_declined, sqlite_where=not_declined)
    op.create_index('ix_reciprocity_totals_year_kind', 'reciprocity_totals', ['year', 'owner_kind'], unique=False)
    op.create_index('ix_applications_country_requested', 'applications',
                    ['destination_country', 'requested_total_cents', 'id'], unique=False)
    op.create_index('ix_applications_country_submitted', 'applications', ['destination_country', 'submitted_at', 'id'],
                    unique=False)


def downgrade():
    op.drop_index('ix_applications_country_submitted', table_name='applications')
    op.drop_index('ix_applications_country_requested', table_name='applications')
    op.drop_index('ix_reciprocity_totals_year_kind', table_name='reciprocity_totals')
    op.drop_index('ix_pairings_standing_application', table_name='pairings')
    op.drop_index('ix_pairings_responded', table_name='pairings')
    op.execute(sa.text(f"DELETE FROM reciprocity_totals WHERE year = {ALL_YEARS}"))
