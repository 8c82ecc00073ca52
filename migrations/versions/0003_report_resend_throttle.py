"""report resend throttle: when staff last resent a participant's report link (throttle of one resend a day)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stay_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_resent_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('stay_reports', schema=None) as batch_op:
        batch_op.drop_column('last_resent_at')
