"""Importing committee-minutes/1 documents: a new meeting (and committee), all or nothing."""
from .importer import (
    IDENTICAL,
    AlreadyImported,
    Imported,
    ImportRefused,
    import_document,
    import_minutes,
)

__all__ = ["IDENTICAL", "AlreadyImported", "ImportRefused", "Imported", "import_document",
           "import_minutes"]
