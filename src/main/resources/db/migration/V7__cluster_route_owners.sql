-- Which instance polls each inbound route, written when an instance gains or loses a route's leadership: with file
-- locks an instance cannot see the others' ids, so they are shared here. A dead instance's row stays until another
-- takes the route over.
CREATE TABLE cluster_route_owners (
    route_id    VARCHAR(200)             NOT NULL PRIMARY KEY,
    mailbox     VARCHAR(100)             NOT NULL,
    instance_id VARCHAR(200)             NOT NULL,
    since       TIMESTAMP WITH TIME ZONE NOT NULL
);
