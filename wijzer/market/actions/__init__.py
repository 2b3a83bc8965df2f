"""Every write of the market app, one module per concept, each public function one transaction: `refresh` (price
facts), `reference` (reference series), `lockin` (a publisher's lock-in declaration), `school_set` (a school's set)."""
