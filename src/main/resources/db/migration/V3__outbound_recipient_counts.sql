-- Recipients sent per mailbox and UTC day, so the daily budget (10,000 at Microsoft 365) survives a restart.
CREATE TABLE outbound_recipient_counts (
    mailbox    VARCHAR(100) NOT NULL,
    send_day   DATE         NOT NULL,
    recipients INTEGER      NOT NULL,
    PRIMARY KEY (mailbox, send_day)
);
