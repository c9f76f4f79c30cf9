"""README.txt for the age archive: how a lawyer verifies it with standard tools only."""

from __future__ import annotations

_TEMPLATE = """\
ПАКЕТ ДОКУМЕНТОВ (Spravka) — КАК ПРОВЕРИТЬ
==========================================
Сформирован: {generated}
Отпечаток ключа хранилища (сверьте с клиентом по телефону или лично):
    {fingerprint}

1. Расшифровать и распаковать:
       age -d -i ключ.txt -o bundle.tar {archive}     (ключ age адвоката)
       age -d -o bundle.tar {archive}                 (пароль — age спросит его)
       tar -xf bundle.tar
2. Проверить подпись манифеста (OpenSSL 3):
       openssl pkeyutl -verify -pubin -inkey vault_public_key.pem -rawin \\
           -in manifest.json -sigfile manifest.sig
   Ожидается: "Signature Verified Successfully".
3. Проверить файлы:  sha256sum -c SHA256SUMS   (все строки должны быть "OK").
   Сумма самого SHA256SUMS указана в manifest.json (раздел "files").
4. Или одной командой:  spravka verify-export {archive}
originals/ — оригиналы без изменений; sanitized/ — копии без метаданных (EXIF, GPS);
cover.pdf — обложка: заболевания, пробелы, повестки и письма, суммы SHA-256.

EVIDENCE BUNDLE (Spravka) — HOW TO VERIFY
=========================================
Generated: {generated}
Vault key fingerprint (compare it with your client by phone or in person):
    {fingerprint}

1. Decrypt and unpack:
       age -d -i key.txt -o bundle.tar {archive}      (the lawyer's age key)
       age -d -o bundle.tar {archive}                 (passphrase: age asks for it)
       tar -xf bundle.tar
2. Check the manifest signature (OpenSSL 3):
       openssl pkeyutl -verify -pubin -inkey vault_public_key.pem -rawin \\
           -in manifest.json -sigfile manifest.sig
   Expect: "Signature Verified Successfully".
3. Check the files:  sha256sum -c SHA256SUMS   (every line must say "OK").
   The checksum of SHA256SUMS itself is in manifest.json ("files").
4. Or in one step:  spravka verify-export {archive}
originals/ holds byte-exact originals; sanitized/ holds copies without metadata (EXIF, GPS);
cover.pdf is the cover: conditions, gaps, summonses and letters, SHA-256 checksums.
"""


def readme_text(*, generated: str, fingerprint: str, archive: str) -> bytes:
    return _TEMPLATE.format(generated=generated, fingerprint=fingerprint, archive=archive).encode()
