"""Pure: the broadcast state machine, as a table of (state, action) → next state, and who may act.

draft → awaiting_approval → scheduled → sending → sent | partially_failed | failed, and cancelled from
any state before sending starts. Editing returns a broadcast to draft (it must be approved again); a
recurring broadcast goes from sending back to scheduled for its next occurrence.
"""

from __future__ import annotations

from messages.errors import TransitionError

DRAFT = "draft"
AWAITING_APPROVAL = "awaiting_approval"
SCHEDULED = "scheduled"
SENDING = "sending"
SENT = "sent"
PARTIALLY_FAILED = "partially_failed"
FAILED = "failed"
CANCELLED = "cancelled"

STATE_LABELS = {
    DRAFT: "下書き",
    AWAITING_APPROVAL: "承認待ち",
    SCHEDULED: "予約済み",
    SENDING: "送信中",
    SENT: "送信完了",
    PARTIALLY_FAILED: "一部失敗",
    FAILED: "失敗",
    CANCELLED: "取り消し",
}

EDIT, SUBMIT, RETURN, APPROVE, CANCEL, START, REARM = "edit", "submit", "return", "approve", "cancel", "start", "rearm"
FINISH = {SENT: "finish_sent", PARTIALLY_FAILED: "finish_partially_failed", FAILED: "finish_failed"}
"""The action that ends a run with each outcome."""

ACTION_LABELS = {
    EDIT: "編集", SUBMIT: "承認依頼", RETURN: "差し戻し", APPROVE: "承認", CANCEL: "取り消し",
    START: "送信開始", REARM: "次回の予約", **{action: "送信終了" for action in FINISH.values()},
}

TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, EDIT): DRAFT,
    (AWAITING_APPROVAL, EDIT): DRAFT,
    (SCHEDULED, EDIT): DRAFT,
    (DRAFT, SUBMIT): AWAITING_APPROVAL,
    (AWAITING_APPROVAL, RETURN): DRAFT,
    (AWAITING_APPROVAL, APPROVE): SCHEDULED,
    (DRAFT, CANCEL): CANCELLED,
    (AWAITING_APPROVAL, CANCEL): CANCELLED,
    (SCHEDULED, CANCEL): CANCELLED,
    (SCHEDULED, START): SENDING,
    (SENDING, REARM): SCHEDULED,
    **{(SENDING, action): outcome for outcome, action in FINISH.items()},
}
"""Every allowed transition; anything not listed is refused."""

STAFF_ACTIONS = frozenset({EDIT, SUBMIT, RETURN, APPROVE, CANCEL})
"""Actions people take; the others are taken by the delivery jobs."""

TESTABLE = frozenset({DRAFT, AWAITING_APPROVAL})
"""States in which a test send to staff is allowed (before approval)."""

FINAL = frozenset({SENT, PARTIALLY_FAILED, FAILED, CANCELLED})


def next_state(state: str, action: str) -> str:
    """The state after `action`, or TransitionError saying in Japanese why it is not possible."""
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        raise TransitionError(
            f"「{STATE_LABELS.get(state, state)}」の配信は{ACTION_LABELS.get(action, action)}できません。"
        ) from None


def allowed_actions(state: str) -> list[str]:
    """Actions staff can take now (for buttons in the admin console)."""
    return [action for (source, action) in TRANSITIONS if source == state and action in STAFF_ACTIONS]


def check_approver(actor: str, authors: frozenset[str]) -> None:
    """An approver must not have written or edited the broadcast: a second pair of eyes on what cannot be recalled."""
    if actor in authors:
        raise TransitionError(f"{actor} さんはこの配信を作成・編集しているため承認できません。別の職員が承認してください。")


def run_outcome(sent_batches: int, failed_batches: int) -> str:
    """sent when no batch failed, failed when none got through, partially_failed otherwise."""
    if failed_batches == 0:
        return SENT
    return FAILED if sent_batches == 0 else PARTIALLY_FAILED
