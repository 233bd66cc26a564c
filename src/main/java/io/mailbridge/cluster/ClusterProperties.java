package io.mailbridge.cluster;

import io.mailbridge.mailbox.ConfigurationException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code mailbridge.cluster.*} settings as written, with their defaults: how instances sharing a store agree on
 * which one polls each inbound route. Bound by Camel's property binding; the ZooKeeper and Kubernetes groups are
 * beans of their own under {@code mailbridge.cluster.zookeeper.} and {@code mailbridge.cluster.kubernetes.}.
 */
public final class ClusterProperties {

    public static final String PREFIX = "mailbridge.cluster.";

    /** How the instances agree. */
    public enum Type {
        /** A file lock per route under a folder every instance on the host shares. */
        FILE,
        /** A leader election per route in a ZooKeeper ensemble. */
        ZOOKEEPER,
        /** A coordination.k8s.io Lease per route. */
        KUBERNETES,
        /** No coordination: every instance polls every route (one instance alone, or tests). */
        NONE
    }

    static final int MIN_TAKEOVER_SECONDS = 2;
    static final int MAX_TAKEOVER_SECONDS = 3600;

    private String type = "file";
    private String fileRoot;
    private int takeoverSeconds = 30;
    private final ZooKeeper zookeeper = new ZooKeeper();
    private final Kubernetes kubernetes = new Kubernetes();

    /** {@code file} (default), {@code zookeeper}, {@code kubernetes} or {@code none}. */
    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    /** Where the file locks live; {@code <data-dir>/cluster} when unset. Every instance on the host must name the same folder. */
    public String getFileRoot() {
        return fileRoot;
    }

    public void setFileRoot(String fileRoot) {
        this.fileRoot = fileRoot;
    }

    /** The longest a route stays unpolled after the instance polling it died (kill -9, power loss). */
    public int getTakeoverSeconds() {
        return takeoverSeconds;
    }

    public void setTakeoverSeconds(int takeoverSeconds) {
        this.takeoverSeconds = takeoverSeconds;
    }

    /** The {@code mailbridge.cluster.zookeeper.*} group; not a getter, so that it is bound under its own prefix. */
    public ZooKeeper zookeeper() {
        return zookeeper;
    }

    /** The {@code mailbridge.cluster.kubernetes.*} group. */
    public Kubernetes kubernetes() {
        return kubernetes;
    }

    /** The type, checked together with what it needs; every fault named with its key and its fix. */
    public Type checkedType() {
        List<String> problems = new ArrayList<>();
        Type parsed = null;
        try {
            parsed = Type.valueOf(type.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(PREFIX + "type: '" + type + "' is not a cluster type; use file (instances on one host), zookeeper, "
                    + "kubernetes or none (every instance polls every mailbox)");
        }
        if (takeoverSeconds < MIN_TAKEOVER_SECONDS || takeoverSeconds > MAX_TAKEOVER_SECONDS) {
            problems.add(PREFIX + "takeover-seconds: " + takeoverSeconds + " is out of range; give a number of seconds from "
                    + MIN_TAKEOVER_SECONDS + " to " + MAX_TAKEOVER_SECONDS + " (default 30)");
        }
        if (parsed == Type.ZOOKEEPER && blank(zookeeper.nodes)) {
            problems.add(ZooKeeper.PREFIX + "nodes is missing: type zookeeper needs the ensemble, e.g. zk1:2181,zk2:2181,zk3:2181");
        }
        if (parsed == Type.ZOOKEEPER && !blank(zookeeper.basePath) && !zookeeper.basePath.startsWith("/")) {
            problems.add(ZooKeeper.PREFIX + "base-path: '" + zookeeper.basePath + "' must start with /, e.g. /mailbridge");
        }
        if (parsed == Type.KUBERNETES && !kubernetes.leasePrefix.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            problems.add(Kubernetes.PREFIX + "lease-prefix: '" + kubernetes.leasePrefix + "' is not a Kubernetes name; use "
                    + "lower-case letters, digits and dashes, e.g. mailbridge");
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return parsed;
    }

    /** The folder of the file locks. */
    Path fileRoot(Path dataDir) {
        return blank(fileRoot) ? dataDir.resolve("cluster") : Path.of(fileRoot);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** {@code mailbridge.cluster.zookeeper.*}: the ensemble, for type zookeeper. */
    public static final class ZooKeeper {

        public static final String PREFIX = ClusterProperties.PREFIX + "zookeeper.";

        private String nodes;
        private String basePath = "/mailbridge";

        /** The ensemble, {@code host:port} separated by commas. */
        public String getNodes() {
            return nodes;
        }

        public void setNodes(String nodes) {
            this.nodes = nodes;
        }

        /** The znode under which each route's election lives. */
        public String getBasePath() {
            return basePath;
        }

        public void setBasePath(String basePath) {
            this.basePath = basePath;
        }
    }

    /** {@code mailbridge.cluster.kubernetes.*}: where the leases live, for type kubernetes. */
    public static final class Kubernetes {

        public static final String PREFIX = ClusterProperties.PREFIX + "kubernetes.";

        private String namespace;
        private String masterUrl;
        private String leasePrefix = "mailbridge";

        /** The namespace of the leases; the pod's own (from its service account) when unset. */
        public String getNamespace() {
            return namespace;
        }

        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }

        /** The API server; the in-cluster one (or ~/.kube/config) when unset. */
        public String getMasterUrl() {
            return masterUrl;
        }

        public void setMasterUrl(String masterUrl) {
            this.masterUrl = masterUrl;
        }

        /** Each route's Lease is named {@code <prefix>-<route id>}. */
        public String getLeasePrefix() {
            return leasePrefix;
        }

        public void setLeasePrefix(String leasePrefix) {
            this.leasePrefix = leasePrefix;
        }
    }
}
