"""Rule family: tables (placeholder until implemented)."""
RULES: list = []
