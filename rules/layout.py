"""Rule family: layout (placeholder until implemented)."""
RULES: list = []
