"""summaries: the carbon page's totals per call, status and direction, and the reciprocity dashboard's person-days
per partner or centre and year (portal/funding/carbon_summary.py, portal/partners/reciprocity_summary.py), filled
from the applications already there; the indexes of the coordinator's home (applications in review by submission,
final reports by status)

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

# The statuses each page counts (portal/funding/carbon_report.py, portal/partners/reciprocity.py), at this revision.
CARBON_COUNTED = "('submitted', 'recommended', 'approved', 'in_progress', 'completed', 'closed')"
STAYS_COUNTED = "('approved', 'in_progress', 'completed', 'closed')"

# co2_kg has one decimal: ×10 rounded is exact in both databases.
CARBON_FILL = (
    "INSERT INTO carbon_totals (call_id, status, direction, co2_tenths_kg, offset_cents, computed, applications) "
    "SELECT call_id, status, direction, CAST(round(coalesce(sum(co2_kg), 0) * 10) AS BIGINT), "
    "coalesce(sum(offset_cents), 0), count(co2_kg), count(*) FROM applications "
    f"WHERE status IN {CARBON_COUNTED} GROUP BY call_id, status, direction")

# Person-days = participants × days of the stay inside each calendar year it touches (both ends counted).
RECIPROCITY_FILL = """
INSERT INTO reciprocity_totals (owner_kind, owner_id, year, sent, received)
WITH RECURSIVE stays AS (
    SELECT ap.id, ap.partner_id, ap.organisation_id, ap.direction, ap.start_date, ap.end_date, count(p.id) AS n
    FROM applications ap JOIN participants p ON p.application_id = ap.id
    WHERE ap.status IN {counted} AND ap.start_date IS NOT NULL AND ap.end_date IS NOT NULL
      AND ap.end_date >= ap.start_date
    GROUP BY ap.id, ap.partner_id, ap.organisation_id, ap.direction, ap.start_date, ap.end_date
), years(year) AS (
    SELECT min({start_year}) FROM stays
    UNION ALL
    SELECT year + 1 FROM years WHERE year < (SELECT max({end_year}) FROM stays)
), owned AS (
    SELECT 'partner' AS kind, partner_id AS owner, direction, start_date, end_date, n FROM stays
    WHERE partner_id IS NOT NULL
    UNION ALL
    SELECT 'centre', organisation_id, direction, start_date, end_date, n FROM stays
)
SELECT kind, owner, year, sum(CASE WHEN direction = 'incoming' THEN 0 ELSE {days} * n END),
       sum(CASE WHEN direction = 'incoming' THEN {days} * n ELSE 0 END)
FROM owned JOIN years ON year BETWEEN {start_year} AND {end_year}
GROUP BY kind, owner, year
"""
DIALECT_SQL = {
    "postgresql": {"start_year": "CAST(extract(year FROM start_date) AS INTEGER)",
                   "end_year": "CAST(extract(year FROM end_date) AS INTEGER)",
                   "days": "(least(end_date, make_date(year, 12, 31)) - greatest(start_date, make_date(year, 1, 1))"
                           " + 1)"},
    "sqlite": {"start_year": "CAST(strftime('%Y', start_date) AS INTEGER)",
               "end_year": "CAST(strftime('%Y', end_date) AS INTEGER)",
               "days": "(CAST(julianday(min(end_date, printf('%04d-12-31', year)))"
                       " - julianday(max(start_date, printf('%04d-01-01', year))) AS INTEGER) + 1)"},
}


def reciprocity_fill(dialect: str) -> str:
    """The fill of reciprocity_totals in this database's SQL (the bench generator runs it too)."""
    return RECIPROCITY_FILL.format(counted=STAYS_COUNTED, **DIALECT_SQL[dialect])


# What the bench generator runs after writing its data in SQL (bench/generate.py), table by table.
BENCH_FILLS = {"carbon_totals": lambda _dialect: CARBON_FILL, "reciprocity_totals": reciprocity_fill}


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
    op.create_table('reciprocity_totals',
    sa.Column('owner_kind', sa.String(length=10), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('sent', sa.BigInteger(), nullable=False),
    sa.Column('received', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['organisations.id'],
                            name=op.f('fk_reciprocity_totals_owner_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('owner_kind', 'owner_id', 'year', name=op.f('pk_reciprocity_totals'))
    )
    in_review = sa.text("status IN ('submitted', 'recommended')")
    op.create_index('ix_applications_in_review_submitted', 'applications', ['submitted_at', 'id'], unique=False,
                    postgresql_where=in_review, sqlite_where=in_review)
    op.create_index('ix_final_reports_status_submitted', 'final_reports', ['status', 'submitted_at', 'id'],
                    unique=False)
    op.execute(sa.text(CARBON_FILL))
    op.execute(sa.text(reciprocity_fill(op.get_bind().dialect.name)))


def downgrade():
    op.drop_index('ix_final_reports_status_submitted', table_name='final_reports')
    op.drop_index('ix_applications_in_review_submitted', table_name='applications')
    op.drop_table('reciprocity_totals')
    op.drop_table('carbon_totals')
