"""From territory data to a document tree: assembly, numbering, cross-references, annex contents; the build job."""
