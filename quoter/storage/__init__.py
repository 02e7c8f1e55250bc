"""Storage: the quote register in SQLite (the default, nothing to set up) or PostgreSQL (a team)."""
