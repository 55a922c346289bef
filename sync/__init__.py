"""The regional sync client: pushes the outbox, pulls the regional standards (no Qt here)."""
