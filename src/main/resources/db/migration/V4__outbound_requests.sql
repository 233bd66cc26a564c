-- One row per send request: its fixed Message-ID and what became of it. A request is only ever sent while its row
-- exists, and the row is written in the same step that confirms the request to its client.
CREATE TABLE outbound_requests (
    id              VARCHAR(80)              NOT NULL PRIMARY KEY,
    mailbox         VARCHAR(100)             NOT NULL,
    request_id      VARCHAR(200),
    request_hash    VARCHAR(64),
    batch_id        VARCHAR(80),
    item_index      INTEGER,
    message_id      VARCHAR(300)             NOT NULL,
    subject         VARCHAR(1000),
    recipients      INTEGER                  NOT NULL,
    status          VARCHAR(16)              NOT NULL,
    attempts        INTEGER                  NOT NULL,
    uncertain       INTEGER DEFAULT 0        NOT NULL,
    last_reply      VARCHAR(2000),
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at         TIMESTAMP WITH TIME ZONE,
    CONSTRAINT outbound_requests_request_id UNIQUE (request_id)
);

CREATE INDEX outbound_requests_batch ON outbound_requests (batch_id, status);
CREATE INDEX outbound_requests_updated ON outbound_requests (updated_at);

CREATE TABLE outbound_batches (
    batch_id     VARCHAR(80)              NOT NULL PRIMARY KEY,
    mailbox      VARCHAR(100)             NOT NULL,
    request_id   VARCHAR(200),
    request_hash VARCHAR(64),
    template     VARCHAR(200),
    source       VARCHAR(400),
    item_count   INTEGER                  NOT NULL,
    accepted     BOOLEAN DEFAULT FALSE    NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT outbound_batches_request_id UNIQUE (request_id)
);
