"""HTTP handlers by page family; records are fetched only through `access`."""
