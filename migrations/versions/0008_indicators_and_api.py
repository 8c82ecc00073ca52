"""indicators and API: offsets purchased, API bearer tokens, each region's share of vocational enrolment

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 06:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'offset_purchases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('tonnes', sa.Numeric(12, 3), nullable=False),
        sa.Column('amount_cents', sa.BigInteger(), nullable=False),
        sa.Column('supplier', sa.String(200), nullable=False),
        sa.Column('reference', sa.String(200), nullable=False),
        sa.Column('purchased_on', sa.Date(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('tonnes > 0', name=op.f('ck_offset_purchases_tonnes_positive')),
        sa.CheckConstraint('amount_cents >= 0', name=op.f('ck_offset_purchases_amount_not_negative')),
        sa.CheckConstraint('year BETWEEN 2000 AND 2100', name=op.f('ck_offset_purchases_year_range')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_offset_purchases_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_offset_purchases')),
    )
    op.create_index(op.f('ix_offset_purchases_year'), 'offset_purchases', ['year'])
    op.create_table(
        'api_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(120), nullable=False),
        sa.Column('scopes', sa.Text(), nullable=False),
        sa.Column('token_hash', sa.String(64), nullable=False),
        sa.Column('prefix', sa.String(12), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.Column('last_used_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_api_tokens_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash')),
    )
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('enrolment_share', sa.Numeric(5, 2), nullable=True))


def downgrade():
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.drop_column('enrolment_share')
    op.drop_table('api_tokens')
    op.drop_index(op.f('ix_offset_purchases_year'), table_name='offset_purchases')
    op.drop_table('offset_purchases')
