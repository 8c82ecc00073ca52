"""after approval and reciprocity: amendments, the envelope's ledger, cancellation, reciprocity obligations

Adds the statuses amendment_requested and cancelled; the tables amendments, envelope_movements and
reciprocity_obligations; final_reports.return_visit_application_id. The ledger opens with one approval movement per
application that holds money (max(0, sum of its approved amounts)) and, per call, an opening movement for whatever
of committed_cents those do not explain, so that the ledger always sums to committed_cents. Each approved outgoing
stay with a partner gets its obligation (due the year of its planned reciprocal visit, else the year after its end).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 06:00:00

"""
from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

OLD_STATUSES = ('draft', 'submitted', 'changes_requested', 'recommended', 'approved', 'rejected', 'in_progress',
                'completed', 'closed', 'withdrawn')
NEW_STATUSES = OLD_STATUSES + ('amendment_requested', 'cancelled')
HOLDING = ('approved', 'in_progress', 'completed', 'closed')


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _status_checks(values):
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_applications_status_allowed'), type_='check')
        batch_op.create_check_constraint(op.f('ck_applications_status_allowed'), _in('status', values))
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_decisions_from_status_allowed'), type_='check')
        batch_op.drop_constraint(op.f('ck_decisions_to_status_allowed'), type_='check')
        batch_op.create_check_constraint(op.f('ck_decisions_from_status_allowed'), _in('from_status', values))
        batch_op.create_check_constraint(op.f('ck_decisions_to_status_allowed'), _in('to_status', values))


def upgrade():
    _status_checks(NEW_STATUSES)
    op.create_table('amendments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('old_start_date', sa.Date(), nullable=True),
    sa.Column('old_end_date', sa.Date(), nullable=True),
    sa.Column('new_start_date', sa.Date(), nullable=True),
    sa.Column('new_end_date', sa.Date(), nullable=True),
    sa.Column('lines', sa.JSON(), nullable=False),
    sa.Column('before_cents', sa.BigInteger(), nullable=False),
    sa.Column('after_cents', sa.BigInteger(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('proposed_at', sa.DateTime(), nullable=False),
    sa.Column('endorsed_by_id', sa.Integer(), nullable=True),
    sa.Column('endorsed_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.CheckConstraint("status IN ('proposed', 'endorsed', 'accepted', 'refused')", name=op.f('ck_amendments_status_allowed')),
    sa.CheckConstraint('after_cents >= 0 AND before_cents >= 0', name=op.f('ck_amendments_amounts_not_negative')),
    sa.CheckConstraint('new_end_date IS NULL OR new_start_date IS NULL OR new_end_date >= new_start_date', name=op.f('ck_amendments_dates_ordered')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_amendments_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_amendments_proposed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['endorsed_by_id'], ['users.id'], name=op.f('fk_amendments_endorsed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_amendments_decided_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_amendments'))
    )
    op.create_index(op.f('ix_amendments_application_id'), 'amendments', ['application_id'], unique=False)
    op.create_table('envelope_movements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('cents', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('opening', 'approval', 'amendment', 'cancellation')", name=op.f('ck_envelope_movements_kind_allowed')),
    sa.ForeignKeyConstraint(['call_id'], ['calls.id'], name=op.f('fk_envelope_movements_call_id_calls'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_envelope_movements_application_id_applications'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_envelope_movements_decision_id_decisions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_envelope_movements'))
    )
    op.create_index(op.f('ix_envelope_movements_call_id'), 'envelope_movements', ['call_id'], unique=False)
    op.create_index(op.f('ix_envelope_movements_application_id'), 'envelope_movements', ['application_id'], unique=False)
    op.create_table('reciprocity_obligations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('due_year', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('met_by_application_id', sa.Integer(), nullable=True),
    sa.Column('met_at', sa.DateTime(), nullable=True),
    sa.Column('proposed_start', sa.Date(), nullable=True),
    sa.Column('proposed_end', sa.Date(), nullable=True),
    sa.Column('proposed_comment', sa.Text(), nullable=False),
    sa.Column('proposed_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('open', 'met', 'cancelled')", name=op.f('ck_reciprocity_obligations_status_allowed')),
    sa.CheckConstraint('proposed_end IS NULL OR proposed_start IS NULL OR proposed_end >= proposed_start', name=op.f('ck_reciprocity_obligations_proposed_dates_ordered')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_reciprocity_obligations_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['organisations.id'], name=op.f('fk_reciprocity_obligations_partner_id_organisations')),
    sa.ForeignKeyConstraint(['met_by_application_id'], ['applications.id'], name=op.f('fk_reciprocity_obligations_met_by_application_id_applications'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reciprocity_obligations')),
    sa.UniqueConstraint('application_id', name=op.f('uq_reciprocity_obligations_application_id'))
    )
    op.create_index(op.f('ix_reciprocity_obligations_partner_id'), 'reciprocity_obligations', ['partner_id'], unique=False)
    op.create_index('ix_reciprocity_obligations_status_due_year', 'reciprocity_obligations', ['status', 'due_year'], unique=False)
    with op.batch_alter_table('final_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('return_visit_application_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_final_reports_return_visit_application_id_applications'),
                                    'applications', ['return_visit_application_id'], ['id'], ondelete='SET NULL')
    _open_ledger()
    _open_obligations()


def _open_ledger():
    bind = op.get_bind()
    now = datetime.utcnow()
    held = bind.execute(sa.text(
        "SELECT a.id, a.call_id, COALESCE(SUM(f.approved_cents), 0) FROM applications a "
        "LEFT JOIN funding_lines f ON f.application_id = a.id "
        f"WHERE {_in('a.status', HOLDING)} GROUP BY a.id, a.call_id ORDER BY a.id")).all()
    explained: dict[int, int] = defaultdict(int)
    movements = []
    for application_id, call_id, cents in held:
        cents = max(0, int(cents))
        explained[call_id] += cents
        if cents:
            movements.append({"call_id": call_id, "application_id": application_id, "kind": "approval",
                              "cents": cents, "created_at": now})
    for call_id, committed in bind.execute(sa.text("SELECT id, committed_cents FROM calls ORDER BY id")).all():
        rest = int(committed) - explained[call_id]
        if rest:
            movements.append({"call_id": call_id, "application_id": None, "kind": "opening", "cents": rest,
                              "created_at": now})
    if movements:
        bind.execute(sa.text("INSERT INTO envelope_movements (call_id, application_id, kind, cents, created_at) "
                             "VALUES (:call_id, :application_id, :kind, :cents, :created_at)"), movements)


def _year(value):
    if value is None:
        return None
    return value.year if hasattr(value, "year") else int(str(value)[:4])


def _open_obligations():
    bind = op.get_bind()
    now = datetime.utcnow()
    rows = bind.execute(sa.text(
        "SELECT id, partner_id, reciprocal_start, end_date, start_date FROM applications "
        f"WHERE direction = 'outgoing' AND partner_id IS NOT NULL AND {_in('status', HOLDING)} ORDER BY id")).all()
    obligations = []
    for application_id, partner_id, reciprocal_start, end_date, start_date in rows:
        due = _year(reciprocal_start)
        if due is None:
            last = _year(end_date) or _year(start_date) or now.year
            due = last + 1
        obligations.append({"application_id": application_id, "partner_id": partner_id, "due_year": due,
                            "status": "open", "proposed_comment": "", "created_at": now})
    if obligations:
        bind.execute(sa.text(
            "INSERT INTO reciprocity_obligations (application_id, partner_id, due_year, status, proposed_comment, "
            "created_at) VALUES (:application_id, :partner_id, :due_year, :status, :proposed_comment, :created_at)"),
            obligations)


def downgrade():
    bind = op.get_bind()
    # The two new statuses do not exist below 0007: an amendment in progress goes back to approved, a cancelled
    # stay is recorded as withdrawn (its decisions likewise).
    for table, column in (("applications", "status"), ("decisions", "from_status"), ("decisions", "to_status")):
        bind.execute(sa.text(f"UPDATE {table} SET {column} = 'approved' WHERE {column} = 'amendment_requested'"))
        bind.execute(sa.text(f"UPDATE {table} SET {column} = 'withdrawn' WHERE {column} = 'cancelled'"))
    with op.batch_alter_table('final_reports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_final_reports_return_visit_application_id_applications'),
                                 type_='foreignkey')
        batch_op.drop_column('return_visit_application_id')
    op.drop_index('ix_reciprocity_obligations_status_due_year', table_name='reciprocity_obligations')
    op.drop_index(op.f('ix_reciprocity_obligations_partner_id'), table_name='reciprocity_obligations')
    op.drop_table('reciprocity_obligations')
    op.drop_index(op.f('ix_envelope_movements_application_id'), table_name='envelope_movements')
    op.drop_index(op.f('ix_envelope_movements_call_id'), table_name='envelope_movements')
    op.drop_table('envelope_movements')
    op.drop_index(op.f('ix_amendments_application_id'), table_name='amendments')
    op.drop_table('amendments')
    _status_checks(OLD_STATUSES)
