"""Rule family: format (placeholder until implemented)."""
RULES: list = []
