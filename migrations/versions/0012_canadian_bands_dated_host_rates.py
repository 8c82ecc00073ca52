"""canadian stays and dated host rates: a call's Canadian distance bands (stays in another province, distance inside
Canada) with source and verified flag; dated rows for the host-side rates of incoming stays (local transport,
activities, staff hosting, always for CA-QC), so each day is priced at the rate valid on its date; an index for
the reviewers' lists of amendments waiting for their decision

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('nightly', 'daily')"
NEW_KINDS = "kind IN ('nightly', 'daily', 'local_transport', 'activities', 'staff_hosting')"
HOST_IN_QUEBEC = "kind IN ('nightly', 'daily') OR destination = 'CA-QC'"


def upgrade():
    op.create_table('canadian_distance_bands',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('min_km', sa.Integer(), nullable=False),
    sa.Column('max_km', sa.Integer(), nullable=False),
    sa.Column('standard_cents', sa.BigInteger(), nullable=False),
    sa.Column('green_cents', sa.BigInteger(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.CheckConstraint('min_km >= 0 AND max_km >= min_km', name=op.f('ck_canadian_distance_bands_band_range')),
    sa.CheckConstraint('standard_cents >= 0', name=op.f('ck_canadian_distance_bands_standard_not_negative')),
    sa.CheckConstraint('green_cents IS NULL OR green_cents >= 0',
                       name=op.f('ck_canadian_distance_bands_green_not_negative')),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_canadian_distance_bands_call_id_calls'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canadian_distance_bands')),
    sa.UniqueConstraint('call_id', 'min_km', name=op.f('uq_canadian_distance_bands_call_id_min_km'))
    )
    with op.batch_alter_table('canadian_distance_bands', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_canadian_distance_bands_call_id'), ['call_id'], unique=False)

    with op.batch_alter_table('dated_rates', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=8), type_=sa.String(length=16),
                              existing_nullable=False)
        batch_op.drop_constraint(op.f('ck_dated_rates_kind_allowed'), type_='check')
        batch_op.create_check_constraint(op.f('ck_dated_rates_kind_allowed'), NEW_KINDS)
        batch_op.create_check_constraint(op.f('ck_dated_rates_host_in_quebec'), HOST_IN_QUEBEC)
    with op.batch_alter_table('amendments', schema=None) as batch_op:
        batch_op.create_index('ix_amendments_status_proposed', ['status', 'proposed_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('amendments', schema=None) as batch_op:
        batch_op.drop_index('ix_amendments_status_proposed')
    # Dated host rates have no place in the older schema: the undated host rates remain.
    op.execute("DELETE FROM dated_rates WHERE kind NOT IN ('nightly', 'daily')")
    with op.batch_alter_table('dated_rates', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_dated_rates_host_in_quebec'), type_='check')
        batch_op.drop_constraint(op.f('ck_dated_rates_kind_allowed'), type_='check')
        batch_op.create_check_constraint(op.f('ck_dated_rates_kind_allowed'), OLD_KINDS)
        batch_op.alter_column('kind', existing_type=sa.String(length=16), type_=sa.String(length=8),
                              existing_nullable=False)
    with op.batch_alter_table('canadian_distance_bands', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_canadian_distance_bands_call_id'))
    op.drop_table('canadian_distance_bands')
