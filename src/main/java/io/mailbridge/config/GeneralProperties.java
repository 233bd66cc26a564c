package io.mailbridge.config;

import java.io.IOException;
import java.net.InetAddress;

/** mailbridge's general settings ({@code mailbridge.data-dir}, ...) with their defaults; bound by Camel's property binding. */
public final class GeneralProperties {

    public static final String PREFIX = "mailbridge.";

    private String dataDir = "data";
    private String publicUrl;
    private String adminToken;
    private String tokenKey;
    private String tokenKeyFile;
    private String instanceId = defaultInstanceId();

    /** Where mailbridge keeps its data: the store, the broker's journal, tokens, work files. */
    public String getDataDir() {
        return dataDir;
    }

    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }

    /** The address users reach mailbridge at; {@code http://localhost:<port>} when unset. */
    public String getPublicUrl() {
        return publicUrl;
    }

    public void setPublicUrl(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    public String getAdminToken() {
        return adminToken;
    }

    public void setAdminToken(String adminToken) {
        this.adminToken = adminToken;
    }

    /**
     * This instance's name among several sharing a store: its cluster member id, shown with the mailboxes it polls and
     * on every metric. When unset: the host name and the process id, stable for one run; in a Kubernetes pod the pod's
     * name (its host name), which the leases need as their holder.
     */
    public String getInstanceId() {
        return instanceId;
    }

    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId;
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "mailbridge");
        }
        // Camel's Kubernetes leases accept only a holder that is a pod of the namespace; a pod runs one mailbridge
        return System.getenv("KUBERNETES_SERVICE_HOST") != null ? host : host + "-" + ProcessHandle.current().pid();
    }

    public String getTokenKey() {
        return tokenKey;
    }

    public void setTokenKey(String tokenKey) {
        this.tokenKey = tokenKey;
    }

    public String getTokenKeyFile() {
        return tokenKeyFile;
    }

    public void setTokenKeyFile(String tokenKeyFile) {
        this.tokenKeyFile = tokenKeyFile;
    }
}
