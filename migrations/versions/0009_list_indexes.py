"""list indexes: every keyset list and filter of the queues, journal, registry and users served by an index

Each index ends with the list's sort key then id after the equality filters, so the last page of a list costs
what the first one does; the carbon page sums (call, status, co2_kg, offset_cents) from an index alone.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 06:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

INDEXES = [
    ('ix_applications_status_submitted', 'applications', ['status', 'submitted_at', 'id']),
    ('ix_applications_submitted', 'applications', ['submitted_at', 'id']),
    ('ix_applications_status_requested', 'applications', ['status', 'requested_total_cents', 'id']),
    ('ix_applications_status_start', 'applications',
     ['status', sa.text("coalesce(start_date, '9999-12-31')"), 'id']),
    ('ix_applications_call_status_submitted', 'applications', ['call_id', 'status', 'submitted_at', 'id']),
    ('ix_applications_status_country_submitted', 'applications',
     ['status', 'destination_country', 'submitted_at', 'id']),
    ('ix_applications_organisation_updated', 'applications', ['organisation_id', 'updated_at', 'id']),
    ('ix_applications_call_status_carbon', 'applications', ['call_id', 'status', 'co2_kg', 'offset_cents']),
    ('ix_organisations_kind_name', 'organisations', ['kind', 'name', 'id']),
    ('ix_organisations_lower_name', 'organisations', [sa.text('lower(name)'), 'id']),
    ('ix_users_role_email', 'users', ['role', 'email', 'id']),
    ('ix_audit_events_created', 'audit_events', ['created_at', 'id']),
    ('ix_audit_events_object', 'audit_events', ['object_type', 'object_id', 'created_at', 'id']),
    ('ix_audit_events_action', 'audit_events', ['action', 'created_at', 'id']),
    ('ix_audit_events_actor', 'audit_events', ['actor_id', 'created_at', 'id']),
]


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
