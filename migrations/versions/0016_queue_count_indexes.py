"""queue count indexes: the review queue's capped count filtered by country and region over every status reads
(destination_country, organisation_id) with the status included, and the ministry queue's amounts per call read
the requested totals from the carbon index (call_id, status, co2_kg, offset_cents), which now includes them; both
from the index alone

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 16:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

CARBON = ['call_id', 'status', 'co2_kg', 'offset_cents']


def upgrade():
    op.create_index('ix_applications_country_organisation', 'applications', ['destination_country', 'organisation_id'],
                    unique=False, postgresql_include=['status'])
    op.drop_index('ix_applications_call_status_carbon', table_name='applications')
    op.create_index('ix_applications_call_status_carbon', 'applications', CARBON, unique=False,
                    postgresql_include=['requested_total_cents'])


def downgrade():
    op.drop_index('ix_applications_call_status_carbon', table_name='applications')
    op.create_index('ix_applications_call_status_carbon', 'applications', CARBON, unique=False)
    op.drop_index('ix_applications_country_organisation', table_name='applications')
