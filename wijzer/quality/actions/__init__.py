"""Every write of the quality app, one module per concept, each public function one transaction:
`framework` (load and publish a version), `reviews` (expert reviews), `experiences` (experiences, reports,
moderation, publisher responses, school holdings), `profiles` (recompute quality profiles), `quickscan`."""
