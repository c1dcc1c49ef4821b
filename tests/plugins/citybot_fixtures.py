"""Fixtures that build citybot's config, app and workers against the test redis and linesim."""
