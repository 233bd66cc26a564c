-- The queue depth metric counts requests that are not final.
CREATE INDEX outbound_requests_status ON outbound_requests (status);
