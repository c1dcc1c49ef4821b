"""LINE I/O: the only module that builds line-bot-sdk API clients.

Every call to LINE (or to linesim, which behaves as LINE) goes through `LineGateway`. SDK exceptions
become our own `DeliveryError`, classified as LINE's retry guidance says: 5xx, 429 and timeouts are
transient; other 4xx are permanent; a 409 on a retried key means the first request was accepted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Sequence

import urllib3
from linebot.v3 import insight, messaging
from pydantic.v1 import PrivateAttr

from messages.errors import DeliveryError
from messages.limits import MULTICAST_RECIPIENTS

TIMEOUT = (3.05, 15.0)
"""Connect and read timeouts in seconds for every LINE call; a timeout is transient."""

LINE_API, LINE_DATA_API = "https://api.line.me", "https://api-data.line.me"
"""[REF]#domain-name: rich-menu images and message content are on the data host, everything else on api."""

INVALID_REPLY_TOKEN = "Invalid reply token"
"""LINE's 400 message for an expired or already used reply token (the caller falls back to push)."""


@dataclass(frozen=True)
class Sent:
    """LINE accepted the request (or had already accepted it under the same retry key)."""

    request_id: str
    accepted_request_id: str | None = None

    @property
    def was_duplicate(self) -> bool:
        return self.accepted_request_id is not None


@dataclass(frozen=True)
class InsightFollowers:
    status: str
    followers: int | None
    targeted_reaches: int | None
    blocks: int | None


@dataclass(frozen=True)
class Quota:
    """`limit` is None for an unlimited plan (type "none", e.g. the 地方公共団体プラン)."""

    limit: int | None
    used: int

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)


class LineGateway:
    """Thin, typed access to the Messaging and Insight APIs, with LINE's errors classified."""

    def __init__(self, access_token: str, endpoint: str):
        self._messaging_client = MessagingApiClient(_configuration(messaging.Configuration, access_token, endpoint))
        self._insight_client = insight.ApiClient(_configuration(insight.Configuration, access_token, endpoint))
        self._blob_client = messaging.ApiClient(
            _configuration(messaging.Configuration, access_token, data_endpoint(endpoint)))
        self._messaging = messaging.MessagingApi(self._messaging_client)
        self._insight = insight.Insight(self._insight_client)
        self._blob = messaging.MessagingApiBlob(self._blob_client)

    def close(self) -> None:
        self._messaging_client.close()
        self._insight_client.close()
        self._blob_client.close()

    def reply(self, reply_token: str, messages: Sequence[dict]) -> Sent:
        request = messaging.ReplyMessageRequest(replyToken=reply_token, messages=_models(messages))
        return self._send(self._messaging.reply_message_with_http_info, request)

    def push(self, user_id: str, messages: Sequence[dict], retry_key: str) -> Sent:
        request = messaging.PushMessageRequest(to=user_id, messages=_models(messages))
        return self._send(self._messaging.push_message_with_http_info, request, x_line_retry_key=retry_key)

    def multicast(self, user_ids: Sequence[str], messages: Sequence[dict], retry_key: str) -> Sent:
        request = multicast_request(user_ids, messages)
        return self._send(self._messaging.multicast_with_http_info, request, x_line_retry_key=retry_key)

    def broadcast(self, messages: Sequence[dict], retry_key: str) -> Sent:
        request = messaging.BroadcastRequest(messages=_models(messages))
        return self._send(self._messaging.broadcast_with_http_info, request, x_line_retry_key=retry_key)

    def profile(self, user_id: str) -> dict | None:
        """The user's profile, or None when LINE cannot give it (blocked, not a friend: 404)."""
        try:
            return self._call(self._messaging.get_profile, user_id).to_dict()
        except DeliveryError as error:
            if error.status == 404:
                return None
            raise

    def follower_ids(self, start: str | None = None, limit: int = 1000) -> tuple[list[str], str | None]:
        """One page of friends' user IDs and the token of the next page (None at the end)."""
        page = self._call(self._messaging.get_followers, start=start, limit=limit)
        return list(page.user_ids), page.next

    def insight_followers(self, day: date) -> InsightFollowers:
        answer = self._call(self._insight.get_number_of_followers, var_date=day.strftime("%Y%m%d"))
        return InsightFollowers(str(answer.status.value if hasattr(answer.status, "value") else answer.status),
                                answer.followers, answer.targeted_reaches, answer.blocks)

    def quota(self) -> Quota:
        limit = self._call(self._messaging.get_message_quota)
        used = self._call(self._messaging.get_message_quota_consumption)
        kind = limit.type.value if hasattr(limit.type, "value") else limit.type
        return Quota(limit=None if kind == "none" else limit.value, used=used.total_usage)

    def bot_info(self) -> dict:
        return self._call(self._messaging.get_bot_info).to_dict()

    def message_content(self, message_id: str) -> bytes:
        """What a citizen sent (an image), from the data host; LINE keeps it for a limited time."""
        return bytes(self._call(self._blob.get_message_content, message_id))

    # --- rich menus ---
    def validate_rich_menu(self, menu: dict) -> None:
        self._call(self._messaging.validate_rich_menu_object, messaging.RichMenuRequest.from_dict(menu))

    def create_rich_menu(self, menu: dict) -> str:
        return self._call(self._messaging.create_rich_menu, messaging.RichMenuRequest.from_dict(menu)).rich_menu_id

    def upload_rich_menu_image(self, rich_menu_id: str, image: bytes, content_type: str) -> None:
        self._call(self._blob.set_rich_menu_image, rich_menu_id, bytearray(image),
                   _headers={"Content-Type": content_type})

    def rich_menu_image(self, rich_menu_id: str) -> bytes:
        return bytes(self._call(self._blob.get_rich_menu_image, rich_menu_id))

    def delete_rich_menu(self, rich_menu_id: str) -> None:
        self._call(self._messaging.delete_rich_menu, rich_menu_id)

    def rich_menu_ids(self) -> list[str]:
        return [menu.rich_menu_id for menu in self._call(self._messaging.get_rich_menu_list).richmenus]

    def set_default_rich_menu(self, rich_menu_id: str) -> None:
        self._call(self._messaging.set_default_rich_menu, rich_menu_id)

    def set_rich_menu_alias(self, alias_id: str, rich_menu_id: str, *, exists: bool) -> None:
        """Point the alias at the menu: update it if it `exists`, else create it (or update what LINE already
        has under that name, e.g. from an earlier installation)."""
        update = (self._messaging.update_rich_menu_alias, alias_id,
                  messaging.UpdateRichMenuAliasRequest(richMenuId=rich_menu_id))
        if exists:
            self._call(*update)
            return
        try:
            self._call(self._messaging.create_rich_menu_alias,
                       messaging.CreateRichMenuAliasRequest(richMenuAliasId=alias_id, richMenuId=rich_menu_id))
        except DeliveryError as error:
            if error.status != 400 or "conflict" not in error.message:
                raise
            self._call(*update)

    def link_rich_menu(self, user_id: str, rich_menu_id: str) -> None:
        self._call(self._messaging.link_rich_menu_id_to_user, user_id, rich_menu_id)

    def unlink_rich_menu(self, user_id: str) -> None:
        self._call(self._messaging.unlink_rich_menu_id_from_user, user_id)

    def bulk_link_rich_menu(self, rich_menu_id: str, user_ids: Sequence[str]) -> None:
        request = messaging.RichMenuBulkLinkRequest(richMenuId=rich_menu_id, userIds=list(user_ids))
        self._call(self._messaging.link_rich_menu_id_to_users, request)

    def bulk_unlink_rich_menu(self, user_ids: Sequence[str]) -> None:
        self._call(self._messaging.unlink_rich_menu_id_from_users,
                   messaging.RichMenuBulkUnlinkRequest(userIds=list(user_ids)))

    def _send(self, operation, request, **kwargs) -> Sent:
        try:
            response = self._call(operation, request, **kwargs)
        except DeliveryError as error:
            if error.status == 409 and error.accepted_request_id:
                return Sent(request_id=error.request_id or "", accepted_request_id=error.accepted_request_id)
            raise
        return Sent(request_id=response.headers.get("x-line-request-id", ""))

    @staticmethod
    def _call(operation, *args, **kwargs):
        try:
            return operation(*args, _request_timeout=TIMEOUT, **kwargs)
        except messaging.ApiException as error:
            raise _classify(error) from error
        except insight.ApiException as error:
            raise _classify(error) from error
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise DeliveryError(permanent=False, status=None, message=f"LINE に接続できません: {error}") from error


def data_endpoint(endpoint: str) -> str:
    """Where content and rich-menu images go: LINE's api-data host, or the emulator's one address."""
    return LINE_DATA_API if endpoint.rstrip("/") == LINE_API else endpoint


def _configuration(kind, access_token: str, endpoint: str):
    configuration = kind(host=endpoint.rstrip("/"), access_token=access_token)
    configuration.retries = 0  # retries are ours to decide (retry keys, backoff), not urllib3's
    return configuration


def multicast_request(user_ids: Sequence[str], messages: Sequence[dict]) -> messaging.MulticastRequest:
    """The SDK's MulticastRequest of one batch, built for the 200 requests a second a delivery run makes.

    The IDs come from our own store and are not checked one by one again (pydantic would spend more on 500 of
    them than on the rest of the request); the messages are parsed once per distinct content.
    """
    if not 1 <= len(user_ids) <= MULTICAST_RECIPIENTS:
        raise ValueError(f"multicast takes 1 to {MULTICAST_RECIPIENTS} user IDs, not {len(user_ids)}")
    parsed = _parsed(messages)
    request = _MulticastBody.construct(to=list(user_ids), messages=list(parsed.models))
    request._envelope = parsed.multicast_envelope
    return request


_PLACEHOLDER_USER_ID = "U" + "0" * 32
"""Stands in for `to` while the rest of a MulticastRequest is serialised once per content."""


class _MulticastBody(messaging.MulticastRequest):
    """The SDK's MulticastRequest, serialised without pydantic walking its 500 IDs and every Flex node again for
    each batch: everything but `to` is the SDK's own serialisation, computed once per distinct content."""

    _envelope: dict = PrivateAttr(default_factory=dict)

    def to_dict(self) -> dict:
        return {**self._envelope, "to": list(self.to)}


class MessagingApiClient(messaging.ApiClient):
    """The SDK's API client, which takes a batch's request as already serialised: its generic serialisation
    would walk the 500 IDs of every batch once more (a tenth of a millisecond per request, at 200 a second)."""

    def sanitize_for_serialization(self, obj):
        if isinstance(obj, _MulticastBody):
            return obj.to_dict()
        return super().sanitize_for_serialization(obj)


@dataclass(frozen=True)
class _Parsed:
    models: tuple[messaging.Message, ...]
    multicast_envelope: dict
    """MulticastRequest.to_dict() of these messages, without `to`."""


def _models(messages: Sequence[dict]) -> list[messaging.Message]:
    return list(_parsed(messages).models)


def _parsed(messages: Sequence[dict]) -> _Parsed:
    """The SDK's models of `messages` and their JSON form, built once per distinct content: every batch of a
    delivery run sends the same messages, and parsing a Flex card costs as much as the rest of the request."""
    return _parsed_json(json.dumps(messages, ensure_ascii=False, sort_keys=True))


@lru_cache(maxsize=64)
def _parsed_json(messages_json: str) -> _Parsed:
    models = tuple(messaging.Message.from_dict(message) for message in json.loads(messages_json))
    envelope = messaging.MulticastRequest(to=[_PLACEHOLDER_USER_ID], messages=list(models)).to_dict()
    del envelope["to"]
    return _Parsed(models, envelope)


def _classify(error) -> DeliveryError:
    headers = error.headers or {}
    message, details = str(error.reason or ""), []
    try:
        body = json.loads(error.body or "{}")
        message = body.get("message", message)
        details = body.get("details", [])
    except (TypeError, ValueError):
        pass
    status = error.status
    return DeliveryError(
        permanent=not (status == 429 or (status or 0) >= 500),
        status=status,
        message=message,
        details=details,
        request_id=headers.get("x-line-request-id"),
        accepted_request_id=headers.get("x-line-accepted-request-id"),
    )
