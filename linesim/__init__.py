"""linesim: a LINE platform emulator (Messaging API, webhooks, chat page), faithful to LINE's documentation.

An independent package: it imports nothing from citybot. Start it with `python -m linesim ...`
(`linesim.process.start` does that for tests and `citybot run`), or build the aiohttp application with
`linesim.app.build_app(linesim.settings.Settings(...))`; drive it with `linesim.client.LinesimHandle`.
Nothing heavy is imported here, so the client side stays light.
"""
