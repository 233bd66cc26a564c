package io.mailbridge.oauth;

/** A mailbox's token state as shown by the API and health checks. */
public enum TokenStatus {
    /** Not asked for yet, or the first request is under way. */
    PENDING("pending"),
    VALID("valid"),
    /** A person must sign the mailbox in (never signed in, or the refresh token died). */
    NEEDS_SIGN_IN("needs-sign-in"),
    /** The authority refused for a reason sign-in does not fix (client settings), or cannot be reached. */
    ERROR("error"),
    /** Password mailboxes have no token. */
    NOT_REQUIRED("not-required");

    private final String label;

    TokenStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
