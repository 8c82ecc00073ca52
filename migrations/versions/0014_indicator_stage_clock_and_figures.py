"""indicator stage clock and figures: each decision records when the stage it closes began (the application's
previous decision; NULL for its first, whose stage began at the submission), filled from the decisions already there,
so the stage times no longer run lag() over every decision; the indicators page's computed figures per set of
filters and version of the data (indicator_figures) and that version (indicator_data_version, one row)

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 12:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# The previous decision of the same application, in (created_at, id) order; UPDATE … FROM runs on PostgreSQL and on
# SQLite (3.33 and later). portal/indicators/stages.py runs the same statement for the applications a flush touched.
FILL = ("UPDATE decisions SET stage_started_at = w.previous"
        " FROM (SELECT id, lag(created_at) OVER (PARTITION BY application_id ORDER BY created_at, id) AS previous"
        " FROM decisions) w WHERE w.id = decisions.id AND w.previous IS NOT NULL")

# What the bench generator runs after writing its data in SQL (bench/generate.py), which empties every table first:
# the decisions' stage clock, and a new version of the data, so no figures computed before are read again.
NEW_VERSION = ("INSERT INTO indicator_data_version (id, version) VALUES (1, 1)"
               " ON CONFLICT (id) DO UPDATE SET version = indicator_data_version.version + 1")
BENCH_FILLS = {"decisions": lambda _dialect: FILL, "indicator_figures": lambda _dialect: "DELETE FROM indicator_figures",
               "indicator_data_version": lambda _dialect: NEW_VERSION}


def upgrade():
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage_started_at', sa.DateTime(), nullable=True))
    op.execute(sa.text(FILL))
    op.create_table('indicator_figures',
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.Column('figures', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_indicator_figures'))
    )
    op.create_table('indicator_data_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_data_version'))
    )
    op.execute(sa.text("INSERT INTO indicator_data_version (id, version) VALUES (1, 0)"))


def downgrade():
    op.drop_table('indicator_data_version')
    op.drop_table('indicator_figures')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_column('stage_started_at')
