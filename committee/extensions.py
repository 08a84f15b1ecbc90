"""Flask extensions, created unbound here and bound in the application factory."""
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# A fixed naming convention keeps constraint names stable across databases, so
# Alembic migrations generated on SQLite apply unchanged on PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# What exists only in the database, made by DDL of its own and not declared on the
# models, for the search: PostgreSQL's trigram indexes (migration a9c2e4f6b803) and
# SQLite's FTS5 tables with their shadow tables (committee/models/search_index.py).
# Alembic's comparison of models and database leaves them alone (include_object below).
DATABASE_ONLY_INDEXES = frozenset({
    "ix_decisions_text_trgm", "ix_items_title_trgm", "ix_items_discussion_trgm"})
DATABASE_ONLY_TABLES = ("decisions_fts", "items_fts")  # and their "_data", "_idx", …


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter: everything but the database-only search structures."""
    if not reflected or compare_to is not None:
        return True
    if type_ == "index":
        return name not in DATABASE_ONLY_INDEXES
    if type_ == "table":
        return not any(name == t or name.startswith(t + "_") for t in DATABASE_ONLY_TABLES)
    return True


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
