package io.mailbridge.inbound;

import io.mailbridge.mailbox.ConfigurationException;
import io.mailbridge.mailbox.Secret;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/** The {@code mailbridge.erp.*} settings as written, with their defaults; bound by Camel's property binding. */
public final class ErpProperties {

    public static final String PREFIX = "mailbridge.erp.";

    private String url;
    private String auth = "none";
    private long timeoutMs = 30_000;
    private String token;
    private String user;
    private String password;
    private String tokenUrl;
    private String clientId;
    private String clientSecret;
    private String scope;

    public Duration timeout() {
        return Duration.ofMillis(timeoutMs);
    }

    /** How mailbridge signs its calls to the ERP, with an error naming what the chosen way is missing. */
    public ErpAuthorization authorization(Clock clock) {
        String mode = auth.toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "none" -> ErpAuthorization.none();
            case "bearer" -> ErpAuthorization.bearer(Secret.of(required(token, "token")));
            case "basic" -> ErpAuthorization.basic(required(user, "user"), Secret.of(required(password, "password")));
            case "oauth" -> ErpAuthorization.oauth(URI.create(required(tokenUrl, "token-url")), required(clientId, "client-id"),
                    Secret.of(required(clientSecret, "client-secret")), scope, clock);
            default -> throw new ConfigurationException(PREFIX + "auth: '" + auth + "' is not one of none, bearer, basic, oauth");
        };
    }

    private String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(PREFIX + key + " is missing: " + PREFIX + "auth=" + auth.toLowerCase(Locale.ROOT)
                    + " needs it");
        }
        return value;
    }

    /** Read by the route files (where documents go), not by mailbridge's code. */
    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getAuth() {
        return auth;
    }

    public void setAuth(String auth) {
        this.auth = auth;
    }

    public long getTimeoutMs() {
        return timeoutMs;
    }

    public void setTimeoutMs(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getTokenUrl() {
        return tokenUrl;
    }

    public void setTokenUrl(String tokenUrl) {
        this.tokenUrl = tokenUrl;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public String getScope() {
        return scope;
    }

    public void setScope(String scope) {
        this.scope = scope;
    }
}
