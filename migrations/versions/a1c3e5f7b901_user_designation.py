"""users: designation, profile to complete at first login

Revision ID: a1c3e5f7b901
Revises: b7c2e9d4f015
Create Date: 2026-12-02 03:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'a1c3e5f7b901'
down_revision = 'b7c2e9d4f015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('designation', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('designation')
