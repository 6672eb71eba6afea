"""Template tags of the staff side: pieces any admin page may show."""
