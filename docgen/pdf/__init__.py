"""PDF through LibreOffice, and PDF drafts read back into raw blocks (words, lines, paragraphs, tables, furniture)."""
