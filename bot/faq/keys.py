"""Redis key names owned by the FAQ package (prefix `citybot:faq:`)."""

CURRENT_VERSION = "citybot:faq:version"
"""String: the version ID of the FAQ set citizens are answered from. Switching it is the atomic re-import."""

VERSION_FAQS = "citybot:faq:v:{version}:faqs"
"""Hash: FAQ ID → the FAQ as JSON, for one imported version."""

VERSION_ORDER = "citybot:faq:v:{version}:order"
"""List: FAQ IDs in the order of the imported file (export keeps it)."""

VERSION_VECTORS = "citybot:faq:v:{version}:vectors"
"""Hash: FAQ ID → float32 embeddings of its question, aliases and answer windows (none without the model)."""

EMBEDDING = "citybot:faq:v:{version}:embedding"
"""Hash: FAQ ID → embeddings done so far by the background job that adds vectors to this version."""

EMBEDDING_TTL = 24 * 3600
"""A background embedding that stopped half-way (its worker gone) is forgotten after a day."""

VERSION_META = "citybot:faq:v:{version}:meta"
"""Hash: imported_at, count, source file name, dense model name."""

OLD_VERSION_TTL = 600
"""Seconds a replaced version is kept, so a process that read the old pointer can still finish loading it."""

GAPS = "citybot:faq:gaps"
"""Sorted set, score = epoch seconds: questions we could not answer and answers marked 役に立たなかった (JSON)."""

FEEDBACK = "citybot:faq:feedback"
"""Hash: "{faq_id}:helpful" / "{faq_id}:unhelpful" → count of taps."""

LAST_ANSWER = "citybot:faq:last:{user_id}"
"""Hash with a TTL: the question a citizen asked last and the FAQ we answered, for their feedback tap."""

LAST_ANSWER_TTL = 24 * 3600
"""Feedback is welcome for a day after the answer."""
