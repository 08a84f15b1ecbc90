"""an office's request that the committee drop a decision

Revision ID: b7c2e9d4f015
Revises: f3b8d2a61c47
Create Date: 2026-12-02 01:15:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'b7c2e9d4f015'
down_revision = 'f3b8d2a61c47'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('drop_requested_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('drop_request_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('drop_requested_by', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_assignments_drop_requested_by_users', 'users',
                                    ['drop_requested_by'], ['id'])


def downgrade():
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_constraint('fk_assignments_drop_requested_by_users', type_='foreignkey')
        batch_op.drop_column('drop_requested_by')
        batch_op.drop_column('drop_request_note')
        batch_op.drop_column('drop_requested_on')
