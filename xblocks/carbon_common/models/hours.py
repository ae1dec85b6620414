"""hours records (see the block that owns them)."""
__all__ = []
