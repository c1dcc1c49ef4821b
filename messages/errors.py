"""Errors of the messages package."""

from __future__ import annotations


class DeliveryError(Exception):
    """LINE refused or could not take a request.

    `permanent` follows LINE's retry guidance: other 4xx never succeed on retry; 429, 5xx and
    timeouts may. `status` is None when LINE could not be reached at all.
    """

    def __init__(self, *, permanent: bool, status: int | None, message: str, details: list | None = None,
                 request_id: str | None = None, accepted_request_id: str | None = None):
        self.permanent = permanent
        self.status = status
        self.message = message
        self.details = details or []
        self.request_id = request_id
        self.accepted_request_id = accepted_request_id
        super().__init__(f"LINE {status or 'unreachable'}: {message}")
