"""The committee-minutes/1 interchange format: validation and export.

Importing a document (which writes) is committee.imports.
"""
from .exporter import export_meeting
from .validate import ValidationError, validate_document, validate_meeting

__all__ = ["ValidationError", "export_meeting", "validate_document", "validate_meeting"]
