"""server-side sessions, named and revocable tokens, user names unique ignoring case

Revision ID: 79a9db03c6f0
Revises: c41a7d2e9f10
Create Date: 2026-12-02 10:00:00

- `user_sessions`: one row per login; the session cookie holds the row's random key, the
  table its SHA-256 (committee/users/sessions.py). Logging out, a password change and
  deactivation end rows, which locks out every copy of the cookie at once.
- `api_tokens` gain `name`, `expires_at` and `revoked_at`.
- `users.username_key`: the user name trimmed, in NFC and case-folded, with a unique
  index, so `Offm` and `offm` cannot both exist. The upgrade fills it for every user and
  stops, naming them, when two existing users collide; rename one of each pair
  (`UPDATE users SET username = '...' WHERE id = ...`) and upgrade again.

The new NOT NULL columns arrive with a server default '' to fill the existing rows; on
PostgreSQL it is dropped afterwards, on SQLite it stays (dropping it would rebuild
`users`, which the audit log's foreign key and its no-update trigger forbid; the
application always writes both columns).
"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '79a9db03c6f0'
down_revision = 'c41a7d2e9f10'
branch_labels = None
depends_on = None

users = sa.table("users", sa.column("id", sa.Integer), sa.column("username", sa.String),
                 sa.column("username_key", sa.String))


def _key(username):
    """committee.models.users.normalize_username as of this revision."""
    name = unicodedata.normalize("NFC", (username or "").strip())
    return unicodedata.normalize("NFC", name.casefold())


def _username_keys(bind) -> dict:
    """{user id: key} for every user; stops, naming them, when two users share a key.
    Run before any change to the schema, so a refused upgrade leaves nothing behind."""
    groups = {}
    rows = bind.execute(sa.select(users.c.id, users.c.username).order_by(users.c.id)).all()
    for user_id, username in rows:
        groups.setdefault(_key(username), []).append((user_id, username))
    clashes = [group for group in groups.values() if len(group) > 1]
    if clashes:
        raise RuntimeError(
            "user names must now differ in more than upper/lower case (or Unicode form), "
            "but these users share a name; rename all but one of each group, then run "
            "`flask db upgrade` again:\n  "
            + "\n  ".join(", ".join(f"'{name}' (id {uid})" for uid, name in group)
                          for group in clashes))
    return {group[0][0]: key for key, group in groups.items()}


def upgrade():
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    keys = _username_keys(bind)
    # Plain ALTER TABLE ... ADD COLUMN: no batch rebuild of tables others refer to.
    op.add_column('users', sa.Column('username_key', sa.String(length=240), nullable=False,
                                     server_default=''))
    for user_id, key in keys.items():
        bind.execute(users.update().where(users.c.id == user_id).values(username_key=key))
    op.create_index(op.f('ix_users_username_key'), 'users', ['username_key'], unique=True)

    op.add_column('api_tokens', sa.Column('name', sa.String(length=80), nullable=False,
                                          server_default=''))
    op.add_column('api_tokens', sa.Column('expires_at', sa.DateTime(timezone=True),
                                          nullable=True))
    op.add_column('api_tokens', sa.Column('revoked_at', sa.DateTime(timezone=True),
                                          nullable=True))
    if postgresql:
        op.alter_column('users', 'username_key', server_default=None)
        op.alter_column('api_tokens', 'name', server_default=None)

    op.create_table(
        'user_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_agent', sa.String(length=120), nullable=False),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('end_reason', sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_user_sessions_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
        sa.UniqueConstraint('key_hash', name=op.f('uq_user_sessions_key_hash')),
    )
    op.create_index(op.f('ix_user_sessions_user_id'), 'user_sessions', ['user_id'],
                    unique=False)


def downgrade():
    op.drop_index(op.f('ix_user_sessions_user_id'), table_name='user_sessions')
    op.drop_table('user_sessions')
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): no rebuild of `users`.
    op.drop_column('api_tokens', 'revoked_at')
    op.drop_column('api_tokens', 'expires_at')
    op.drop_column('api_tokens', 'name')
    op.drop_index(op.f('ix_users_username_key'), table_name='users')
    op.drop_column('users', 'username_key')
