-- Attempts that never reached an outcome because the process stopped during them (a kill, a crash caused by the
-- message itself): counted so that such a message is quarantined instead of crashing mailbridge forever.
ALTER TABLE inbound_ledger ADD COLUMN unfinished_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE inbound_ledger ADD COLUMN in_progress BOOLEAN DEFAULT FALSE NOT NULL;
