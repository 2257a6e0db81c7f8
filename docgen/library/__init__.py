"""The clause library and the national models that order it, and the strict sandboxed rendering of clause texts."""
