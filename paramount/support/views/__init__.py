"""Pages of the partner organisation's case work, one module per concern (as the services)."""
