"""indicator totals: one narrow row per application for the indicators page (portal/indicators/summary.py), its filter
dimensions, money (requested, approved, spent once the final report is accepted), whether an incoming stay answers
it, participants by kind and submitted stay reports' answers (counts per scale value), filled from the
applications already there; an index on the application an incoming stay answers (the reciprocity indicator)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 10:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

# At this revision (portal/indicators/summary.py): kinds, report statuses that count, satisfaction items.
KINDS = {"student": "students", "teacher": "teachers", "staff": "staff", "accompanying": "accompanying"}
ITEMS = ("preparation", "host", "lodging", "overall")
SCALE = (1, 2, 3, 4, 5)
SUBMITTED = "sr.status IN ('submitted', 'accepted')"
DIMENSIONS = ("call_id", "organisation_id", "partner_id", "status", "direction", "destination_country",
              "submitted_at", "travel_mode")
ANSWERS = tuple(f"{item}_{value}" for item in ITEMS for value in SCALE)
COUNTS = (*KINDS.values(), "reports", "language_sum", "language_answers", *ANSWERS)
COLUMNS = ("application_id", *DIMENSIONS, "submitted", "co2_kg", "offset_cents", "requested_total_cents",
           "approved_total_cents", "spent_cents", "answered", *COUNTS)
SPENT = ("(SELECT sum(fl.actual_cents) FROM funding_lines fl JOIN final_reports fr ON fr.application_id ="
         " fl.application_id WHERE fr.status = 'accepted' AND fl.application_id = a.id)")
ANSWERED = ("EXISTS (SELECT 1 FROM applications b WHERE b.answers_application_id = a.id"
            " AND b.direction = 'incoming')")

PER_PARTICIPANT = ",\n".join(
    [f"sum(CASE WHEN pa.kind = '{kind}' THEN 1 ELSE 0 END) AS {column}" for kind, column in KINDS.items()]
    + [f"sum(CASE WHEN {SUBMITTED} THEN 1 ELSE 0 END) AS reports",
       f"sum(CASE WHEN {SUBMITTED} AND sr.language_progress IS NOT NULL THEN sr.language_progress ELSE 0 END)"
       " AS language_sum",
       f"sum(CASE WHEN {SUBMITTED} AND sr.language_progress IS NOT NULL THEN 1 ELSE 0 END) AS language_answers"]
    + [f"sum(CASE WHEN {SUBMITTED} AND sr.satisfaction_{item} = {value} THEN 1 ELSE 0 END) AS {item}_{value}"
       for item in ITEMS for value in SCALE])

FILL = (
    f"INSERT INTO indicator_totals ({', '.join(COLUMNS)})\n"
    "SELECT a.id, " + ", ".join(f"a.{name}" for name in DIMENSIONS)
    + ", a.submitted_at IS NOT NULL, a.co2_kg, a.offset_cents, a.requested_total_cents, a.approved_total_cents, "
    + SPENT + ", " + ANSWERED + ", "
    + ", ".join(f"coalesce(p.{name}, 0)" for name in COUNTS)
    + "\nFROM applications a LEFT JOIN (SELECT pa.application_id, " + PER_PARTICIPANT
    + "\n FROM participants pa LEFT JOIN stay_reports sr ON sr.participant_id = pa.id"
    " GROUP BY pa.application_id) p ON p.application_id = a.id")

# What the bench generator runs after writing its data in SQL (bench/generate.py).
BENCH_FILLS = {"indicator_totals": lambda _dialect: FILL}


def upgrade():
    op.create_table('indicator_totals',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('destination_country', sa.String(length=2), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('travel_mode', sa.String(length=10), nullable=False),
    sa.Column('submitted', sa.Boolean(), nullable=False),
    sa.Column('co2_kg', sa.Numeric(precision=12, scale=1), nullable=True),
    sa.Column('offset_cents', sa.BigInteger(), nullable=True),
    sa.Column('requested_total_cents', sa.BigInteger(), nullable=False),
    sa.Column('approved_total_cents', sa.BigInteger(), nullable=True),
    sa.Column('spent_cents', sa.BigInteger(), nullable=True),
    sa.Column('answered', sa.Boolean(), nullable=False),
    *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'],
                            name=op.f('fk_indicator_totals_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('application_id', name=op.f('pk_indicator_totals'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_answers_application_id'), ['answers_application_id'],
                              unique=False)
    op.execute(sa.text(FILL))


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_answers_application_id'))
    op.drop_table('indicator_totals')
