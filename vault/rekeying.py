"""Re-key: a new data key (DEK), so old keyslot copies and old secrets open nothing.

Changing the passphrase only re-wraps the same DEK: a copy of the keyslot file
taken earlier (a backup, a disk image) still opens the database with the old
passphrase or recovery key. Re-keying replaces the DEK itself:

1. the slot map and an audit entry are written (the re-encrypted copy carries them);
2. ``d.next`` = a byte copy of the database, re-encrypted with ``PRAGMA rekey``;
3. the keyslot file is rewritten with the new DEK in the passphrase slot and a new
   recovery key; other passphrase slots are cleared (their secrets are unknown
   here); the duress slot, which never holds the DEK, stays (commit point);
4. ``d.next`` replaces ``d``; the pre-migration copy (old key) is shredded.

A kill -9 before 3 leaves the old vault (the stale copy is removed at the next
unlock); after 3 the next unlock finishes step 4 (``storage.rekey.open_database``).
The vault's signing key derives from the DEK, so its fingerprint changes too.
"""

from __future__ import annotations

import os
import secrets
from typing import TYPE_CHECKING

from vault.faults import checkpoint
from vault.fsutil import fsync_dir, shred_file
from vault.keys import keyslots, recovery
from vault.keys.hardening import wipe
from vault.keys.keyslots import Random, Role
from vault.keys.slotmap import SlotMap
from vault.keys.subkeys import DB_KEY, RECOVERY_KEK, hkdf
from vault.storage import audit
from vault.storage.rekey import rekeyed_copy

if TYPE_CHECKING:
    from vault.core import Vault


def rekey(vault: Vault, passphrase: str, *, rng: Random = secrets.token_bytes) -> str:
    """Re-key an open vault; ``passphrase`` must be its current one. Returns the new
    recovery key (shown once)."""
    index, kek = vault.passphrase_slot(passphrase)
    new_dek = bytearray(rng(32))
    key, text = recovery.generate()
    with vault.session() as s:
        slots = SlotMap.load(s)
        stale = [i for i in range(keyslots.SLOT_COUNT)
                 if i != index and slots.roles.get(i) is Role.PASSPHRASE]
        for i in stale:
            slots = slots.release(i)
        rec = slots.index_of(Role.RECOVERY)
        if rec is None:
            rec = slots.free_index()
        slots.assign(rec, Role.RECOVERY).save(s)
        audit.append(s, "vault.rekeyed", {})
    old_key, new_key = vault.subkey(DB_KEY), hkdf(new_dek, DB_KEY)
    vault.engine.dispose()
    try:
        copy = rekeyed_copy(vault.paths.database, old_key, new_key)
    finally:
        wipe(old_key)
        wipe(new_key)
    sf = vault.slot_file
    for i in stale:
        sf = keyslots.clear_slot(sf, i, rng)
    sf = keyslots.wrap(sf, index, kek, Role.PASSPHRASE, new_dek, rng)
    rec_kek = hkdf(key, RECOVERY_KEK, salt=sf.salt)
    sf = keyslots.wrap(sf, rec, rec_kek, Role.RECOVERY, new_dek, rng)
    for secret in (kek, rec_kek, key):
        wipe(secret)
    keyslots.write(vault.paths.keyslots, sf, rng)  # the commit point
    checkpoint("rekey-after-keyslots")
    os.replace(copy, vault.paths.database)
    fsync_dir(vault.paths.root)
    shred_file(vault.paths.premigration)
    vault.adopt(new_dek, sf)
    return text
