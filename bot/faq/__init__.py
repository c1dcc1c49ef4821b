"""Answering citizens' questions from the city's FAQ: search, ask-back, gaps for staff (docs/faq.md).

`bot.faq.route` is the dispatcher's route function (see bot/dispatch.py ROUTES).
"""

from bot.faq.route import route

__all__ = ["route"]
