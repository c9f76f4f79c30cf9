"""Where the key lives, seen from an open vault: moving it to a drive and back,
spare copies recorded in the encrypted database, what to tell the user."""
