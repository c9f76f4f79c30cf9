"""Panic wipe, its rehearsal, and the registry of exports it must remove.
Crypto-erase first, then cleanup; needs no passphrase.
"""
