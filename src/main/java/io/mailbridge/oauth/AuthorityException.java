package io.mailbridge.oauth;

/** The authority refused or could not be reached; {@link #failure()} names the cause and the fix. */
public class AuthorityException extends Exception {

    private final transient TokenFailure failure;

    public AuthorityException(TokenFailure failure) {
        super(failure.describe(), null, false, false);
        this.failure = failure;
    }

    public TokenFailure failure() {
        return failure;
    }
}
