"""Encrypted backups: the file format, taking a backup of an open vault, and restoring one.
Ciphertext from the first byte to the last.
"""
