package io.mailbridge.oauth;

/** A stored token exists but cannot be used; the message says why and what to do. */
public class TokenStoreException extends RuntimeException {

    public TokenStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
