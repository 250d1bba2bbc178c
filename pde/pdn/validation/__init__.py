"""Our own validators and catalogues of the records delivered to S2, S3 and S6."""

from .schemas import official_schema, record_schema
from .validator import RecordError, json_path, validate_record, validator_for

__all__ = [
    "RecordError",
    "json_path",
    "official_schema",
    "record_schema",
    "validate_record",
    "validator_for",
]
