"""Signed history and avenants: changes since the last signed state, avenant, consolidated text, redline; the job."""
