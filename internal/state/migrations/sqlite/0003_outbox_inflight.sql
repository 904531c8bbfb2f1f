-- 3: when the current delivery attempt of an outbox item started. Set (committed) before
-- the notifier is called, cleared when the attempt's outcome is recorded; still set after
-- a restart means the process died mid-attempt, so the receiver is asked whether the
-- alert arrived before it is sent again.

ALTER TABLE outbox ADD COLUMN inflight_ns INTEGER;
