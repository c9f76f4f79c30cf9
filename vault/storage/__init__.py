"""The encrypted SQLite store: engine and pragmas, ORM models, migrations, audit log, lock.
It knows tables and transactions, never what a document means.
"""
