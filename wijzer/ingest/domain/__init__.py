"""Pure ingest logic between the format adapters and the catalogue: preparing records, aggregating problems."""
