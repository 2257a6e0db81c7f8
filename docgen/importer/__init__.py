"""Import: conventions docgen did not write, and Word edits, read back into territory data."""
