"""audit entries are read-only in the database too

Revision ID: 5e2b7c9d1a34
Revises: 39451faf1a0a
Create Date: 2026-11-22 23:40:00

The application never updates or deletes an audit entry; these triggers make the database
refuse it as well (a script or a console session). PostgreSQL: a row trigger on UPDATE
and DELETE (TRUNCATE, an owner's deliberate act, is not a row operation). SQLite: one
trigger for each.
"""
from alembic import op


revision = '5e2b7c9d1a34'
down_revision = '39451faf1a0a'
branch_labels = None
depends_on = None

MESSAGE = "audit entries are never changed or deleted"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION audit_entries_read_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}';
            END
            $$ LANGUAGE plpgsql""")
        op.execute("""
            CREATE TRIGGER audit_entries_read_only BEFORE UPDATE OR DELETE ON audit_entries
            FOR EACH ROW EXECUTE FUNCTION audit_entries_read_only()""")
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER audit_entries_no_{event.lower()} BEFORE {event} ON audit_entries
                BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_read_only ON audit_entries")
        op.execute("DROP FUNCTION IF EXISTS audit_entries_read_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_delete")
