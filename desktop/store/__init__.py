"""The engagement file: SQLite schema and migrations, the write lock, the audit trail."""
