-- The token cache of instances that share the store: each mailbox's newest refresh token and current access token,
-- both encrypted with the token key (AES-GCM, the same key on every instance), and the lease that lets one instance
-- at a time renew them. Every change of the tokens bumps version, and a renewal writes only if version is still the
-- one it read, so two instances can never put an older refresh token back over a newer one.
CREATE TABLE token_cache (
    mailbox_id          VARCHAR(100)             NOT NULL PRIMARY KEY,
    version             BIGINT                   NOT NULL,
    refresh_token       BYTEA,
    refresh_obtained_at TIMESTAMP WITH TIME ZONE,
    access_token        BYTEA,
    access_expires_at   TIMESTAMP WITH TIME ZONE,
    access_obtained_at  TIMESTAMP WITH TIME ZONE,
    lease_owner         VARCHAR(200),
    lease_until         TIMESTAMP WITH TIME ZONE,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
