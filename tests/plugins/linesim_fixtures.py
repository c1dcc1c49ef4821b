"""Fixtures that start linesim (the LINE platform emulator) for tests. Filled in by the linesim work."""
