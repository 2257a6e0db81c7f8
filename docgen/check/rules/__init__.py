"""The checker's rules, one module per family; each exposes `run(ctx) -> list[Finding]`."""
