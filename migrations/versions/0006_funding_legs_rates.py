"""funding by direction, legs and dated rates: travel legs, dated (seasonal) rates, host rates of incoming stays,
cap exception requests, rate table confirmations; source and verified flag on bands, country rates and carbon
factors; the call's EUR→CAD rate; a destination province; flights classed by length (carbon factor modes)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 06:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

OLD_KINDS = "('transport', 'lodging', 'subsistence', 'flat', 'cap_reduction', 'other')"
NEW_KINDS = ("('transport', 'lodging', 'subsistence', 'flat', 'cap_reduction', 'other', 'local_transport', "
             "'activities', 'staff_hosting')")
CAR_SHARING = "0.109"  # ADEME Impact CO2, unverified (portal/data/carbon.csv)


def _verified_columns(table):
    with op.batch_alter_table(table, schema=None) as batch_op:
        if table != 'carbon_factors':
            batch_op.add_column(sa.Column('source', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('verified', sa.Boolean(), nullable=False, server_default=sa.false()))


def upgrade():
    op.create_table('travel_legs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('origin_city', sa.String(length=120), nullable=False),
    sa.Column('origin_country', sa.String(length=2), nullable=False),
    sa.Column('origin_latitude', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('origin_longitude', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('destination_city', sa.String(length=120), nullable=False),
    sa.Column('destination_country', sa.String(length=2), nullable=False),
    sa.Column('destination_latitude', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('destination_longitude', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('mode', sa.String(length=12), nullable=False),
    sa.Column('entered', sa.Boolean(), nullable=False),
    sa.Column('distance_km', sa.Integer(), nullable=True),
    sa.Column('co2_kg', sa.Numeric(precision=12, scale=1), nullable=True),
    sa.CheckConstraint("mode IN ('air', 'rail', 'coach', 'car_sharing')", name=op.f('ck_travel_legs_mode_allowed')),
    sa.CheckConstraint('distance_km IS NULL OR distance_km >= 0', name=op.f('ck_travel_legs_distance_not_negative')),
    sa.CheckConstraint('co2_kg IS NULL OR co2_kg >= 0', name=op.f('ck_travel_legs_co2_not_negative')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_travel_legs_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_travel_legs')),
    sa.UniqueConstraint('application_id', 'position', name=op.f('uq_travel_legs_application_id_position'))
    )
    with op.batch_alter_table('travel_legs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_travel_legs_application_id'), ['application_id'], unique=False)

    op.create_table('dated_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('destination', sa.String(length=6), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('nightly', 'daily')", name=op.f('ck_dated_rates_kind_allowed')),
    sa.CheckConstraint('valid_to >= valid_from', name=op.f('ck_dated_rates_period_ordered')),
    sa.CheckConstraint('amount_cents >= 0', name=op.f('ck_dated_rates_amount_not_negative')),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_dated_rates_call_id_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dated_rates')),
    sa.UniqueConstraint('call_id', 'destination', 'kind', 'valid_from', name=op.f('uq_dated_rates_call_id_destination_kind_valid_from'))
    )
    with op.batch_alter_table('dated_rates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dated_rates_call_id'), ['call_id'], unique=False)

    op.create_table('host_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('local_transport', 'activities', 'staff_hosting')", name=op.f('ck_host_rates_kind_allowed')),
    sa.CheckConstraint('amount_cents >= 0', name=op.f('ck_host_rates_amount_not_negative')),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_host_rates_call_id_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_host_rates')),
    sa.UniqueConstraint('call_id', 'kind', name=op.f('uq_host_rates_call_id_kind'))
    )
    with op.batch_alter_table('host_rates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_host_rates_call_id'), ['call_id'], unique=False)

    op.create_table('cap_exceptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_comment', sa.Text(), nullable=False),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_cap_exceptions_amount_positive')),
    sa.CheckConstraint("status IN ('pending', 'approved', 'refused')", name=op.f('ck_cap_exceptions_status_allowed')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_cap_exceptions_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_cap_exceptions_requested_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_cap_exceptions_decided_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cap_exceptions'))
    )
    with op.batch_alter_table('cap_exceptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cap_exceptions_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cap_exceptions_status'), ['status'], unique=False)

    op.create_table('rate_table_confirmations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('table_name', sa.String(length=20), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_rate_table_confirmations_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_rate_table_confirmations_confirmed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_table_confirmations')),
    sa.UniqueConstraint('call_id', 'table_name', name=op.f('uq_rate_table_confirmations_call_id_table_name'))
    )
    with op.batch_alter_table('rate_table_confirmations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_table_confirmations_call_id'), ['call_id'], unique=False)

    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('eur_to_cad', sa.Numeric(precision=8, scale=4), nullable=True))
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('destination_subdivision', sa.String(length=6), nullable=True))
    for table in ('distance_bands', 'country_rates', 'carbon_factors'):
        _verified_columns(table)
    with op.batch_alter_table('funding_lines', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_funding_lines_kind_allowed'), type_='check')
        batch_op.create_check_constraint(op.f('ck_funding_lines_kind_allowed'), f"kind IN {NEW_KINDS}")

    # Flights by length: the old "domestic" factor is the short-haul one, the old short haul the medium one.
    op.execute("UPDATE carbon_factors SET mode = 'air_medium_haul' WHERE mode = 'air_short_haul'")
    op.execute("UPDATE carbon_factors SET mode = 'air_short_haul' WHERE mode = 'air_domestic'")
    op.execute("INSERT INTO carbon_factors (call_id, mode, kg_per_passenger_km, source, verified) "
               f"SELECT DISTINCT call_id, 'car_sharing', {CAR_SHARING}, 'ADEME Impact CO2 (unverified)', "
               "false FROM carbon_factors")


def downgrade():
    op.execute("DELETE FROM carbon_factors WHERE mode = 'car_sharing'")
    op.execute("UPDATE carbon_factors SET mode = 'air_domestic' WHERE mode = 'air_short_haul'")
    op.execute("UPDATE carbon_factors SET mode = 'air_short_haul' WHERE mode = 'air_medium_haul'")
    op.execute("DELETE FROM funding_lines WHERE kind IN ('local_transport', 'activities', 'staff_hosting')")
    with op.batch_alter_table('funding_lines', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_funding_lines_kind_allowed'), type_='check')
        batch_op.create_check_constraint(op.f('ck_funding_lines_kind_allowed'), f"kind IN {OLD_KINDS}")
    for table in ('carbon_factors', 'country_rates', 'distance_bands'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('verified')
            if table != 'carbon_factors':
                batch_op.drop_column('source')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('destination_subdivision')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_column('eur_to_cad')
    for table in ('rate_table_confirmations', 'cap_exceptions', 'host_rates', 'dated_rates', 'travel_legs'):
        op.drop_table(table)
