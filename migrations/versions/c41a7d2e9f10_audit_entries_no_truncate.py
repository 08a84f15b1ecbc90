"""audit entries cannot be truncated on PostgreSQL either

Revision ID: c41a7d2e9f10
Revises: b3d9e41c7a52
Create Date: 2026-12-01 20:55:00

The row trigger of 5e2b7c9d1a34 refuses UPDATE and DELETE; TRUNCATE is not a row
operation and emptied the log. A statement-level BEFORE TRUNCATE trigger refuses it too.
SQLite has no TRUNCATE (its DELETE FROM is caught by the row trigger).
"""
from alembic import op


revision = 'c41a7d2e9f10'
down_revision = 'b3d9e41c7a52'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
            FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_read_only()""")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries")
