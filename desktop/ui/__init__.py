"""The desktop window (Qt). Presents and edits engagements; never computes a rule itself."""
