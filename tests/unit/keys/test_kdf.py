from __future__ import annotations

import pytest
from argon2.low_level import ffi, lib

from vault.errors import KeyslotError
from vault.keys.kdf import TEST_PARAMS, KdfParams, derive


def _rfc9106_argon2id() -> bytes:
    """RFC 9106 §5.3 test vector through the same C library we use (with secret + AD)."""
    out = ffi.new("uint8_t[]", 32)
    pwd = ffi.new("uint8_t[]", b"\x01" * 32)
    salt = ffi.new("uint8_t[]", b"\x02" * 16)
    secret = ffi.new("uint8_t[]", b"\x03" * 8)
    ad = ffi.new("uint8_t[]", b"\x04" * 12)
    ctx = ffi.new("argon2_context *", {
        "out": out, "outlen": 32, "pwd": pwd, "pwdlen": 32, "salt": salt, "saltlen": 16,
        "secret": secret, "secretlen": 8, "ad": ad, "adlen": 12, "t_cost": 3, "m_cost": 32,
        "lanes": 4, "threads": 4, "version": 0x13, "allocate_cbk": ffi.NULL,
        "free_cbk": ffi.NULL, "flags": lib.ARGON2_DEFAULT_FLAGS,
    })
    assert lib.argon2_ctx(ctx, lib.Argon2_id) == lib.ARGON2_OK
    return bytes(ffi.buffer(out, 32))


def test_rfc9106_argon2id_vector() -> None:
    assert _rfc9106_argon2id().hex() == (
        "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"
    )


def test_derive_is_deterministic_and_salted() -> None:
    a = derive(b"pw", b"s" * 32, TEST_PARAMS)
    assert a == derive(b"pw", b"s" * 32, TEST_PARAMS)
    assert a != derive(b"pw", b"t" * 32, TEST_PARAMS)
    assert len(a) == 32


@pytest.mark.parametrize("params", [
    KdfParams(memory_kib=8 * 1024 * 1024, time_cost=3),
    KdfParams(memory_kib=1024, time_cost=0),
    KdfParams(memory_kib=1024, time_cost=21),
    KdfParams(memory_kib=1024, time_cost=1, lanes=17),
    KdfParams(memory_kib=4, time_cost=1, lanes=4),
])
def test_out_of_range_params_refused_before_allocation(params: KdfParams) -> None:
    with pytest.raises(KeyslotError):
        derive(b"pw", b"s" * 32, params)


def test_calibration_memory_first_then_passes() -> None:
    from vault.keys.kdf import calibrate

    big = calibrate(1000, ram_kib=24 * 1024 * 1024, measure=lambda p: 0.1)
    assert (big.memory_kib, big.time_cost, big.lanes) == (1024 * 1024, 10, 4)
    small = calibrate(1000, ram_kib=2 * 1024 * 1024, measure=lambda p: 0.3)
    assert small.memory_kib == 512 * 1024 and small.time_cost == 3  # at least 3 passes
    tiny = calibrate(1000, ram_kib=512 * 1024, measure=lambda p: 0.05)
    assert tiny.memory_kib == 128 * 1024  # below the 256 MiB floor only on such machines
    def per_pass(params: object) -> float:  # 0.8 s per pass per GiB
        return 0.8 * params.memory_kib / (1024 * 1024)  # type: ignore[attr-defined]

    slow = calibrate(1000, ram_kib=24 * 1024 * 1024, measure=per_pass)
    assert slow.time_cost == 3 and 256 * 1024 <= slow.memory_kib < 1024 * 1024
    assert 3 * per_pass(slow) <= 1.05  # memory gave way so three passes fit the target
    floor = calibrate(1000, ram_kib=24 * 1024 * 1024, measure=lambda p: 5.0)
    assert floor.memory_kib == 256 * 1024 and floor.time_cost == 3
