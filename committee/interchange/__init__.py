"""The committee-minutes/1 interchange format: validation, import and export."""
from .exporter import export_meeting
from .importer import ImportRefused, import_document
from .validate import ValidationError, validate_document, validate_meeting

__all__ = ["ImportRefused", "ValidationError", "export_meeting", "import_document",
           "validate_document", "validate_meeting"]
