"""Word documents of minutes read for import, kept until confirmed

Revision ID: d7f1a3c5e927
Revises: c3e5a7b9d125
Create Date: 2026-12-02 03:15:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'd7f1a3c5e927'
down_revision = 'c3e5a7b9d125'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'docx_uploads',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('batch', sa.String(length=40), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('reading', sa.JSON(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'],
                                name=op.f('fk_docx_uploads_meeting_id_meetings'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_docx_uploads_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_docx_uploads')),
    )
    with op.batch_alter_table('docx_uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_docx_uploads_batch'), ['batch'], unique=False)
        batch_op.create_index(batch_op.f('ix_docx_uploads_created_at'), ['created_at'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_docx_uploads_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_docx_uploads_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('docx_uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_docx_uploads_user_id'))
        batch_op.drop_index(batch_op.f('ix_docx_uploads_sha256'))
        batch_op.drop_index(batch_op.f('ix_docx_uploads_created_at'))
        batch_op.drop_index(batch_op.f('ix_docx_uploads_batch'))
    op.drop_table('docx_uploads')
