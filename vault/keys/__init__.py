"""Key material: Argon2id, the keyslot file, recovery keys, subkeys, process hardening.
Everything that turns a passphrase into the data key, and nothing that touches the database.
"""
