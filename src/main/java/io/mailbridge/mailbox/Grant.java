package io.mailbridge.mailbox;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a mailbox obtains the credential it signs in with. */
public enum Grant {
    /** Delegated: a person signs in once in a browser (authorization code + PKCE); refresh tokens keep it going. */
    AUTHORIZATION_CODE("authorization-code", true),
    /** Delegated, for headless servers: sign in once from the command line with a device code. */
    DEVICE_CODE("device-code", true),
    /** App-only: the client's own credential, no sign-in. */
    CLIENT_CREDENTIALS("client-credentials", true),
    /** Plain password for servers that do not speak OAuth; no token service involved. */
    PASSWORD("password", false);

    private final String configName;
    private final boolean oauth;

    Grant(String configName, boolean oauth) {
        this.configName = configName;
        this.oauth = oauth;
    }

    public String configName() {
        return configName;
    }

    public boolean isOAuth() {
        return oauth;
    }

    /** Whether a person must sign in before the mailbox has a token. */
    public boolean isDelegated() {
        return this == AUTHORIZATION_CODE || this == DEVICE_CODE;
    }

    public static Optional<Grant> fromConfig(String name) {
        return Arrays.stream(values()).filter(g -> g.configName.equalsIgnoreCase(name.trim())).findFirst();
    }

    public static String allowedNames() {
        return Arrays.stream(values()).map(Grant::configName).collect(Collectors.joining(", "));
    }
}
