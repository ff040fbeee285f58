"""Rule family: dates (placeholder until implemented)."""
RULES: list = []
