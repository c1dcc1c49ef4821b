import pytest

from messages import lifecycle as lc
from messages.errors import TransitionError


def test_the_happy_path_runs_from_draft_to_sent():
    state = lc.DRAFT
    for action in (lc.SUBMIT, lc.APPROVE, lc.START, lc.FINISH[lc.SENT]):
        state = lc.next_state(state, action)
    assert state == lc.SENT


@pytest.mark.parametrize("state", [lc.DRAFT, lc.AWAITING_APPROVAL, lc.SCHEDULED])
def test_editing_before_sending_returns_to_draft(state):
    assert lc.next_state(state, lc.EDIT) == lc.DRAFT


@pytest.mark.parametrize("state", [lc.DRAFT, lc.AWAITING_APPROVAL, lc.SCHEDULED])
def test_cancelling_is_possible_until_sending_starts(state):
    assert lc.next_state(state, lc.CANCEL) == lc.CANCELLED


@pytest.mark.parametrize("state", [lc.SENDING, lc.SENT, lc.PARTIALLY_FAILED, lc.FAILED, lc.CANCELLED])
def test_nothing_can_be_cancelled_or_edited_once_sending_started(state):
    for action in (lc.CANCEL, lc.EDIT):
        with pytest.raises(TransitionError) as caught:
            lc.next_state(state, action)
        assert lc.STATE_LABELS[state] in str(caught.value)


def test_a_draft_cannot_be_approved_without_being_submitted():
    with pytest.raises(TransitionError, match="「下書き」の配信は承認できません"):
        lc.next_state(lc.DRAFT, lc.APPROVE)


def test_a_returned_broadcast_is_a_draft_again():
    assert lc.next_state(lc.AWAITING_APPROVAL, lc.RETURN) == lc.DRAFT


def test_a_recurring_broadcast_goes_back_to_scheduled_after_a_run():
    assert lc.next_state(lc.SENDING, lc.REARM) == lc.SCHEDULED


def test_the_author_or_an_editor_cannot_approve():
    with pytest.raises(TransitionError, match="別の職員"):
        lc.check_approver("sato", frozenset({"tanaka", "sato"}))
    lc.check_approver("suzuki", frozenset({"tanaka", "sato"}))


def test_staff_actions_per_state_come_from_the_table():
    assert lc.allowed_actions(lc.AWAITING_APPROVAL) == [lc.EDIT, lc.RETURN, lc.APPROVE, lc.CANCEL]
    assert lc.allowed_actions(lc.SENDING) == []


@pytest.mark.parametrize("sent, failed, outcome", [
    (3, 0, lc.SENT), (0, 0, lc.SENT), (2, 1, lc.PARTIALLY_FAILED), (0, 2, lc.FAILED),
])
def test_run_outcome(sent, failed, outcome):
    assert lc.run_outcome(sent, failed) == outcome
