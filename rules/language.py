"""Rule family: language (placeholder until implemented)."""
RULES: list = []
