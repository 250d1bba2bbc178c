"""API clients, their authorizations and the log of every API call."""

__all__: list[str] = []
