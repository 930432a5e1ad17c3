"""Defaults that the settings read without loading SQLAlchemy (the CLI starts faster)."""

DEFAULT_DATABASE_URL = "sqlite:///followthrough.db"
