"""Pure curriculum logic: reading SLO files and resolving stale ids. No Django imports here."""
