"""letters frozen at issue; a file belongs to one committee

Revision ID: 713ee167d82d
Revises: 5e2b7c9d1a34
Create Date: 2026-12-01 20:28:04

Letters keep the DOCX they were issued as (bytes, SHA-256, the rendering context); letters
issued before this revision are frozen on their first download. A file number belongs to
one committee (the upgrade stops, naming them, if two committees share a file); serials are
1-99,999; a committee records the serial its file has reached, its decision-number
punctuation and its reminder interval.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '713ee167d82d'
down_revision = '5e2b7c9d1a34'
branch_labels = None
depends_on = None


def _refuse_shared_files():
    shared = op.get_bind().execute(sa.text(
        "SELECT file_key, COUNT(*) FROM committees GROUP BY file_key HAVING COUNT(*) > 1"
    )).fetchall()
    if shared:
        files = ", ".join(f"{key} ({count} committees)" for key, count in shared)
        raise RuntimeError("these file numbers are used by more than one committee; give each "
                           f"committee its own file number first: {files}")


def upgrade():
    _refuse_shared_files()
    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('serial_reached', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('decision_suffix', sa.String(length=4), nullable=False,
                                      server_default='।'))
        batch_op.add_column(sa.Column('reminder_days', sa.Integer(), nullable=False,
                                      server_default='30'))
        batch_op.drop_index(batch_op.f('ix_committees_file_key'))
        batch_op.create_unique_constraint(batch_op.f('uq_committees_file_key'), ['file_key'])
        batch_op.create_check_constraint(
            'serial_reached', 'serial_reached BETWEEN 0 AND 99999')
        batch_op.create_check_constraint(
            'decision_suffix', "decision_suffix IN ('।', '.')")
    with op.batch_alter_table('committees', schema=None) as batch_op:
        for column in ('serial_reached', 'decision_suffix', 'reminder_days'):
            batch_op.alter_column(column, server_default=None)

    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('docx', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('content', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('addressee', sa.String(length=300), nullable=False,
                                      server_default=''))
        batch_op.create_check_constraint('serial_range', 'serial BETWEEN 1 AND 99999')
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.alter_column('addressee', server_default=None)


def downgrade():
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_letters_serial_range'), type_='check')
        batch_op.drop_column('addressee')
        batch_op.drop_column('content')
        batch_op.drop_column('sha256')
        batch_op.drop_column('docx')

    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_committees_decision_suffix'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_committees_serial_reached'), type_='check')
        batch_op.drop_constraint(batch_op.f('uq_committees_file_key'), type_='unique')
        batch_op.create_index(batch_op.f('ix_committees_file_key'), ['file_key'], unique=False)
        batch_op.drop_column('reminder_days')
        batch_op.drop_column('decision_suffix')
        batch_op.drop_column('serial_reached')
