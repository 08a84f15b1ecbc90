"""Importing committee-minutes/1 documents: a new meeting (and committee), all or nothing."""
from .importer import ImportRefused, import_document

__all__ = ["ImportRefused", "import_document"]
