"""Reading territory data: YAML with line numbers, validation in French, the JSON Schema, a new territory's skeleton."""
