"""one meeting per committee and date; a member's office as written

Revision ID: b2d4f6a8c013
Revises: a1c3e5f7b901
Create Date: 2026-12-02 03:30:00

A committee holds one meeting on a date: (committee_id, held_on) becomes unique, so two
saves racing (a double click, the back button, an import of the same minutes) cannot
store it twice. Meetings already stored twice are not guessed at (which one is right?):
the upgrade stops and names them; delete the extra draft (or correct its date) and run
`flask db upgrade` again.

A member's office is kept as written (members.office_text), linked to the directory by
office_id when a name answers to it; existing members take their office's name.
The downgrade drops both (the written names of unlinked offices are lost).
"""
import sqlalchemy as sa
from alembic import op

revision = 'b2d4f6a8c013'
down_revision = 'a1c3e5f7b901'
branch_labels = None
depends_on = None

meetings = sa.table("meetings", sa.column("id", sa.Integer),
                    sa.column("committee_id", sa.Integer), sa.column("held_on", sa.Date))
members = sa.table("members", sa.column("id", sa.Integer), sa.column("office_id", sa.Integer),
                   sa.column("office_text", sa.String))
offices = sa.table("offices", sa.column("id", sa.Integer), sa.column("name", sa.String))


def _refuse_duplicates(bind) -> None:
    twice = (sa.select(meetings.c.committee_id, meetings.c.held_on)
             .group_by(meetings.c.committee_id, meetings.c.held_on)
             .having(sa.func.count() > 1))
    found = []
    for committee_id, held_on in bind.execute(twice).all():
        ids = bind.execute(sa.select(meetings.c.id).where(
            meetings.c.committee_id == committee_id, meetings.c.held_on == held_on)
            .order_by(meetings.c.id)).scalars().all()
        found.append(f"committee id {committee_id}, {held_on}: meeting ids "
                     + ", ".join(str(i) for i in ids))
    if found:
        raise RuntimeError(
            "a committee has more than one meeting on one date; delete the extra draft "
            "(/meetings/ID/delete) or correct its date, then run `flask db upgrade` again:\n  "
            + "\n  ".join(found))


def upgrade():
    bind = op.get_bind()
    _refuse_duplicates(bind)
    # An index, not a table constraint: SQLite adds it without rebuilding the table (which
    # other tables refer to).
    op.create_index('uq_meetings_committee_id_held_on', 'meetings',
                    ['committee_id', 'held_on'], unique=True)
    with op.batch_alter_table('members') as batch:
        batch.add_column(sa.Column('office_text', sa.String(length=300), nullable=False,
                                   server_default=''))
    name = sa.select(offices.c.name).where(offices.c.id == members.c.office_id)
    bind.execute(sa.update(members).where(members.c.office_id.is_not(None))
                 .values(office_text=name.scalar_subquery()))


def downgrade():
    with op.batch_alter_table('members') as batch:
        batch.drop_column('office_text')
    op.drop_index('uq_meetings_committee_id_held_on', table_name='meetings')
