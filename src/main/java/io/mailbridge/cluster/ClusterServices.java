package io.mailbridge.cluster;

import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Camel's cluster service for the configured type, its timings derived from one figure, the takeover time: the
 * longest a route stays unpolled after the instance polling it died.
 */
final class ClusterServices {

    /**
     * Missed heartbeats after which file-lock followers take a leader for dead (Camel's default). A follower checks
     * every interval and decides at the first check more than this many intervals after the last heartbeat, which
     * itself was at most an interval before the death: {@code FILE_MISSED_HEARTBEATS + 2} intervals at worst, and one
     * more is left for the route to start and connect.
     */
    static final int FILE_MISSED_HEARTBEATS = 5;
    /** How soon a starting instance first tries the file locks it finds (Camel's default waits a second). */
    static final Duration FILE_FIRST_TRY = Duration.ofMillis(100);

    private ClusterServices() {
    }

    /** A new, unstarted service; null for type none. */
    static CamelClusterService create(ClusterProperties.Type type, ClusterProperties properties, String instanceId, Path dataDir) {
        Duration takeover = Duration.ofSeconds(properties.getTakeoverSeconds());
        CamelClusterService service = switch (type) {
            case FILE -> file(properties.fileRoot(dataDir), takeover);
            case ZOOKEEPER -> zookeeper(properties.zookeeper(), takeover);
            case KUBERNETES -> kubernetes(properties.kubernetes(), instanceId, takeover);
            case NONE -> null;
        };
        if (service != null) {
            service.setId(instanceId);
        }
        return service;
    }

    static FileLockClusterService file(Path root, Duration takeover) {
        FileLockClusterService file = new FileLockClusterService();
        file.setRoot(root.toAbsolutePath().toString());
        file.setAcquireLockInterval(fileInterval(takeover).toMillis(), TimeUnit.MILLISECONDS);
        file.setHeartbeatTimeoutMultiplier(FILE_MISSED_HEARTBEATS);
        file.setAcquireLockDelay(FILE_FIRST_TRY.toMillis(), TimeUnit.MILLISECONDS);
        return file;
    }

    /**
     * Creates a route's lock files where none are yet. Camel's file lock service tries a lock it finds after its short
     * first delay ({@link #FILE_FIRST_TRY}), but a lock it does not find only at the next turn of its interval: a
     * lone instance's first poll would wait for that. Empty files hold no leader, so the first try takes the lock.
     */
    static void prepareFileLock(Path root, String namespace) {
        try {
            Files.createDirectories(root);
            for (Path file : List.of(root.resolve(namespace), root.resolve(namespace + ".dat"))) {
                try {
                    Files.createFile(file);
                } catch (FileAlreadyExistsException e) {
                    // another instance made it, or an earlier run: its content is the service's
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cluster lock files in " + root + " (mailbridge.cluster.file-root): "
                    + e.getMessage() + "; give every instance on the host a folder it can write", e);
        }
    }

    /** The file locks' heartbeat and retry interval: all instances sharing a folder must use the same takeover time. */
    static Duration fileInterval(Duration takeover) {
        return takeover.dividedBy(FILE_MISSED_HEARTBEATS + 3);
    }

    static ZooKeeperClusterService zookeeper(ClusterProperties.ZooKeeper properties, Duration takeover) {
        ZooKeeperClusterService zk = new ZooKeeperClusterService();
        zk.setNodes(properties.getNodes());
        zk.setBasePath(properties.getBasePath());
        // a dead instance's ephemeral election node goes when its session expires, which the server notices up to a
        // tick later; 60 % of the takeover time leaves the rest for that and for the route to start. The server bounds
        // sessions to 2 to 20 ticks (4 s to 40 s with its default tickTime=2000): raise maxSessionTimeout for more.
        zk.setSessionTimeout(takeover.toMillis() * 3 / 5);
        zk.setConnectTimeout(Math.min(takeover.toMillis(), 15_000));
        return zk;
    }

    static KubernetesClusterService kubernetes(ClusterProperties.Kubernetes properties, String instanceId, Duration takeover) {
        // the service applies its master URL and namespace only onto a configuration it was given (Camel 4.17)
        KubernetesClusterService kubernetes = new KubernetesClusterService(new KubernetesConfiguration());
        if (properties.getMasterUrl() != null && !properties.getMasterUrl().isBlank()) {
            kubernetes.setMasterUrl(properties.getMasterUrl());
        }
        if (properties.getNamespace() != null && !properties.getNamespace().isBlank()) {
            kubernetes.setNamespace(properties.getNamespace());
            kubernetes.setKubernetesResourcesNamespace(properties.getNamespace());
        }
        kubernetes.setKubernetesResourceName(properties.getLeasePrefix());
        // Camel takes the lease for this pod only if a pod of that name is in the namespace (mailbridge.instance-id
        // defaults to the pod's name in a pod)
        kubernetes.setPodName(instanceId);
        // a lease nobody renews expires after its duration; followers look every retry period (times a jitter of up
        // to 1.2): taken over after at most 2/3 + 1/10 * 1.2 of the takeover time. The holder gives up after the renew
        // deadline, before its lease can expire under it.
        long millis = takeover.toMillis();
        kubernetes.setLeaseDurationMillis(millis * 2 / 3);
        kubernetes.setRenewDeadlineMillis(millis / 2);
        kubernetes.setRetryPeriodMillis(millis / 10);
        return kubernetes;
    }
}
