"""Pure: LINE's error answers (status, `{"message", "details"}` body, extra headers) as one exception type."""

from __future__ import annotations

RATE_LIMITED = "The API rate limit has been exceeded. Try again later."
MONTHLY_LIMIT = "You have reached your monthly limit."
RETRY_KEY_ACCEPTED = "The retry key is already accepted"
INVALID_REPLY_TOKEN = "Invalid reply token"
NOT_FOUND = "Not found"
INTERNAL_ERROR = "An internal server error occurred."  # LINE documents no 500 body; our wording


class LineError(Exception):
    """An error answer shaped as LINE documents it ([REF]#error-responses)."""

    def __init__(self, status: int, message: str, details: list[dict] | None = None,
                 headers: dict[str, str] | None = None, extra: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details or []
        self.headers = headers or {}
        self.extra = extra or {}

    def body(self) -> dict:
        """`details` is omitted when empty, as LINE does; `extra` carries e.g. a push 409's sentMessages."""
        body: dict = {"message": self.message}
        if self.details:
            body["details"] = self.details
        body.update(self.extra)
        return body


def invalid_body(details: list[dict]) -> LineError:
    """400 for a request that breaks the request schema or a message limit, one detail per problem."""
    return LineError(400, f"The request body has {len(details)} error(s)", details)


def detail(message: str, prop: str) -> dict:
    return {"message": message, "property": prop}
