-- One row per inbound message, keyed by mailbox + folder + UIDVALIDITY + UID (never the sender-chosen Message-ID).
CREATE TABLE inbound_ledger (
    id              VARCHAR(700)             NOT NULL PRIMARY KEY,
    mailbox         VARCHAR(100)             NOT NULL,
    folder          VARCHAR(400)             NOT NULL,
    uid_validity    BIGINT                   NOT NULL,
    uid             BIGINT                   NOT NULL,
    message_id      VARCHAR(1000),
    subject         VARCHAR(1000),
    state           VARCHAR(20)              NOT NULL,
    attempts        INTEGER                  NOT NULL,
    last_error      VARCHAR(2000),
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    first_seen_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at    TIMESTAMP WITH TIME ZONE
);

CREATE INDEX inbound_ledger_mailbox_state ON inbound_ledger (mailbox, state);
