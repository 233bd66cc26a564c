package io.mailbridge.store;

/** The {@code mailbridge.store.*} settings: the embedded database when no URL is set; bound by Camel's property binding. */
public final class StoreProperties {

    public static final String PREFIX = "mailbridge.store.";

    private String url;
    private String user;
    private String password;

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
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
}
