"""Every write of the market monitor, one module per concept (refresh of the facts, reference series, demo data)."""
