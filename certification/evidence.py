"""What an uploaded evidence file really is, judged from its first bytes, never its name."""

# Signatures at the start of each accepted format.
SIGNATURES = {
    b"%PDF-": ("application/pdf", "pdf"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
}
ACCEPTED = "PDF, PNG or JPEG"


def detect(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PDF, PNG or JPEG file's first bytes, or None."""
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None
