package io.mailbridge.oauth;

/** A mailbox has no usable access token right now; {@link #failure()} says why and how to fix it. */
public class TokenUnavailableException extends RuntimeException {

    private final transient TokenFailure failure;

    public TokenUnavailableException(String mailboxId, TokenFailure failure) {
        super("mailbox '" + mailboxId + "' has no access token: " + failure.describe(), null, false, false);
        this.failure = failure;
    }

    public TokenFailure failure() {
        return failure;
    }
}
