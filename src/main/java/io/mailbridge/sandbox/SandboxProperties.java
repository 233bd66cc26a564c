package io.mailbridge.sandbox;

/** The {@code mailbridge.sandbox.*} settings with their defaults; bound by Camel's property binding. */
public final class SandboxProperties {

    public static final String PREFIX = "mailbridge.sandbox.";

    private boolean enabled = false;
    private int authorityPort = 9443;
    private int imapPort = 3143;
    private int smtpPort = 3025;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getAuthorityPort() {
        return authorityPort;
    }

    public void setAuthorityPort(int authorityPort) {
        this.authorityPort = authorityPort;
    }

    public int getImapPort() {
        return imapPort;
    }

    public void setImapPort(int imapPort) {
        this.imapPort = imapPort;
    }

    public int getSmtpPort() {
        return smtpPort;
    }

    public void setSmtpPort(int smtpPort) {
        this.smtpPort = smtpPort;
    }
}
