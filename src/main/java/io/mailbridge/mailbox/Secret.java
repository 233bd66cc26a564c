package io.mailbridge.mailbox;

import java.util.Objects;

/** A configured secret (client secret, password, admin token) that never shows its value in logs or messages. */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? null : new Secret(value);
    }

    /** The clear value: only for handing to the authority, the mail server or a comparison. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }
}
