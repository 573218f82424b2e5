"""Domain errors carrying field-level detail; the web layer turns them into 4xx answers."""

from __future__ import annotations


class DomainError(Exception):
    """Something a user or a tablet sent that the domain refuses."""

    status = 400

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})


class InvalidSubmission(DomainError):
    status = 422


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403
