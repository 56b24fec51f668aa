"""Signal handlers of the editorial app."""
