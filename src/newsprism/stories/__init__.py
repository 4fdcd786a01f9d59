"""Stories: articles grouped by the real-world event they report, incrementally, and linked into threads."""
