"""Rule family: structure (placeholder until implemented)."""
RULES: list = []
