"""Everything that touches WordprocessingML: writing .docx from a document tree, reading a draft, Word comments."""
