"""What the user records: documents, conditions and links, summonses, letters, profile, settings,
text and search, and the snapshot/report glue that feeds the pure evidence engine.
"""
