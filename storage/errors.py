"""Storage errors the edges catch without importing alembic or SQLAlchemy."""


class SchemaOutOfDate(RuntimeError):
    """The database is behind the code and will not be upgraded implicitly."""
