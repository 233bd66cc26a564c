-- The mails a mailbox sent in the last minute, read by the instance that takes over its sending (MailboxThrottle).
CREATE INDEX outbound_requests_mailbox_sent ON outbound_requests (mailbox, sent_at);
