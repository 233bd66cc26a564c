package io.mailbridge.oauth;

/** The {@code mailbridge.token.*} settings with their defaults; bound by Camel's property binding. */
public final class TokenProperties {

    public static final String PREFIX = "mailbridge.token.";

    private int refreshAheadSeconds = 300;
    private int renewalCheckSeconds = 15;

    /** How long before expiry an access token is renewed. */
    public int getRefreshAheadSeconds() {
        return refreshAheadSeconds;
    }

    public void setRefreshAheadSeconds(int refreshAheadSeconds) {
        this.refreshAheadSeconds = refreshAheadSeconds;
    }

    /** How often the renewal check runs. */
    public int getRenewalCheckSeconds() {
        return renewalCheckSeconds;
    }

    public void setRenewalCheckSeconds(int renewalCheckSeconds) {
        this.renewalCheckSeconds = renewalCheckSeconds;
    }
}
