"""The v2 API: every endpoint of the docs' catalog."""
