"""Rule family: numeric (placeholder until implemented)."""
RULES: list = []
