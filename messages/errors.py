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

    @property
    def retryable(self) -> bool:
        """Worth another attempt: transient, except a 429 for the exhausted monthly quota (it stays exhausted)."""
        return not self.permanent and not (self.status == 429 and "monthly limit" in self.message)


class BroadcastError(Exception):
    """A broadcast operation staff asked for cannot be done; `str(error)` is a Japanese sentence for them."""


class BroadcastNotFound(BroadcastError):
    def __init__(self, broadcast_id: str):
        self.broadcast_id = broadcast_id
        super().__init__(f"配信 {broadcast_id} は見つかりません。")


class TransitionError(BroadcastError):
    """The action is not allowed in the broadcast's current state, or not by this staff member."""


class InvalidBroadcast(BroadcastError):
    """The content breaks LINE's limits or our rules; `problems` lists every one of them."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__("配信内容に問題があります:\n" + "\n".join(f"  - {problem}" for problem in problems))


class ScheduleRefused(BroadcastError):
    """The time asked for is in the past, inside quiet hours, or not a valid schedule."""


class QuotaExceeded(BroadcastError):
    """Sending would use more messages than remain in this month's LINE quota."""

    def __init__(self, cost: int, remaining: int):
        self.cost, self.remaining = cost, remaining
        super().__init__(
            f"今月の残りメッセージ数 ({remaining:,}通) を超えます: この配信は {cost:,}通 必要です。"
            f"対象を {cost - remaining:,}人以上減らすか、来月まで待ってください。"
        )


class NoTesters(BroadcastError):
    def __init__(self):
        super().__init__("テスト送信先がありません。CITYBOT_STAFF_LINE_IDS に職員の LINE ユーザー ID を設定してください。")
