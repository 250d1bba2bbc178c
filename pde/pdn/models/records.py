"""S2, S3 and S6 records as the entes generadores deliver them (one canonical document each)."""

__all__: list[str] = []
