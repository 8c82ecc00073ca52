"""partner bookings: participants of the applications holding places at each partner per calendar year (submitted
to closed, counted in the year of their first day), kept current by the reciprocity summary's flush hook
(portal/partners/bookings.py) and filled here, so the pairing page reads one row per partner instead of counting
every participant of the year's applications

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 19:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

BOOKING = "('submitted', 'changes_requested', 'recommended', 'approved', 'in_progress', 'completed', 'closed')"
YEAR = {"postgresql": "CAST(extract(year FROM a.start_date) AS INTEGER)",
        "sqlite": "CAST(strftime('%Y', a.start_date) AS INTEGER)"}


def fill(dialect: str) -> str:
    year = YEAR.get(dialect, YEAR["postgresql"])
    return ("INSERT INTO partner_bookings (partner_id, year, participants) "
            f"SELECT a.partner_id, {year}, count(p.id) FROM applications a "
            "JOIN participants p ON p.application_id = a.id "
            f"WHERE a.partner_id IS NOT NULL AND a.start_date IS NOT NULL AND a.status IN {BOOKING} "
            f"GROUP BY a.partner_id, {year}")


# What the bench generator runs once it has written the applications (bench/generate.py, migrations in order).
BENCH_FILLS = {"partner_bookings": fill}


def upgrade():
    op.create_table(
        'partner_bookings',
        sa.Column('partner_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('participants', sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(['partner_id'], ['organisations.id'],
                                name=op.f('fk_partner_bookings_partner_id_organisations'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('partner_id', 'year', name=op.f('pk_partner_bookings')),
    )
    op.create_index('ix_partner_bookings_year', 'partner_bookings', ['year', 'partner_id'], unique=False)
    op.execute(sa.text(fill(op.get_bind().dialect.name)))


def downgrade():
    op.drop_index('ix_partner_bookings_year', table_name='partner_bookings')
    op.drop_table('partner_bookings')
