"""The next contact with each client: planning it, "Today", calendar files and the morning note."""
