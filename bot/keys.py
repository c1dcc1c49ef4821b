"""Redis key names owned by the bot package."""

SEEN_EVENT = "citybot:webhook:seen:{event_id}"
"""Set (NX, with a TTL) when a webhook event is accepted, so a redelivered duplicate is dropped."""

SEEN_EVENT_TTL = 2 * 24 * 3600
"""LINE redelivers for a limited time (undisclosed; reply tokens die after 20 minutes): two days is ample."""

USER_EVENTS_LOCK = "citybot:events:user:{user_id}"
"""Held while one of a citizen's events is handled, so two workers never run one citizen's dialog at once."""
