"""Argon2id with the cheapest parameters, for tests only: the same algorithm and hash format as production
(`argon2$argon2id$…`), at about 1 ms instead of ~190 ms per hash — tests create and sign in hundreds of users."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 64  # KiB
    parallelism = 1
