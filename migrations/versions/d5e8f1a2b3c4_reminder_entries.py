"""reminder letters recorded in each decision × office history

Revision ID: d5e8f1a2b3c4
Revises: 79a9db03c6f0
Create Date: 2026-12-01 21:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'd5e8f1a2b3c4'
down_revision = '79a9db03c6f0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reminder_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('letter_id', sa.Integer(), nullable=False),
        sa.Column('assignment_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'],
                                name=op.f('fk_reminder_entries_assignment_id_assignments'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['letter_id'], ['letters.id'],
                                name=op.f('fk_reminder_entries_letter_id_letters')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_entries')),
        sa.UniqueConstraint('letter_id', 'assignment_id',
                            name=op.f('uq_reminder_entries_letter_id_assignment_id')),
    )
    with op.batch_alter_table('reminder_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_entries_assignment_id'),
                              ['assignment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_entries_letter_id'), ['letter_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('reminder_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_entries_letter_id'))
        batch_op.drop_index(batch_op.f('ix_reminder_entries_assignment_id'))
    op.drop_table('reminder_entries')
