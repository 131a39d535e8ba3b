"""Forms of the partner organisation's pages, one module per concern (as the views)."""
