package io.mailbridge.oauth;

/**
 * Why a mailbox could not get a token, as a named cause with the fix.
 *
 * @param cause        stable short name, e.g. {@code refresh-token-expired}
 * @param code         the authority's code (AADSTS…, or the OAuth error), for searching the documentation
 * @param needsSignIn  whether only a new sign-in can repair it
 */
public record TokenFailure(String cause, String code, String summary, String fix, boolean needsSignIn) {

    /** One line for the log and the status: cause, what happened and the fix. */
    public String describe() {
        return cause + (code == null ? "" : " (" + code + ")") + ": " + summary + " Fix: " + fix;
    }
}
