"""Fingerprints of stored files: every upload is kept with its SHA-256."""

import hashlib


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def uploaded_file_sha256(uploaded) -> str:
    """SHA-256 of an uploaded file, read in chunks, rewound for whoever saves it next."""
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()
