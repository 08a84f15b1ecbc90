"""idempotency keys bound to the request body (SHA-256 of its canonical form)

Revision ID: f3b8d2a61c47
Revises: e7a4c9b21f36
Create Date: 2026-12-02 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'f3b8d2a61c47'
down_revision = 'e7a4c9b21f36'
branch_labels = None
depends_on = None


def upgrade():
    # Nullable: keys stored before this revision have no hash and match any body (they
    # are purged within 24 hours anyway).
    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_hash', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.drop_column('request_hash')
