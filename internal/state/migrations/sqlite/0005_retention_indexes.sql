-- 5: retention (see prune.go) deletes sightings and delivered alerts by age.

CREATE INDEX sightings_recorded ON sightings (recorded_ns);
CREATE INDEX outbox_sent ON outbox (sent_ns) WHERE sent_ns IS NOT NULL;
