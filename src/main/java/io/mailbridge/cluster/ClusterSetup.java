package io.mailbridge.cluster;

import io.mailbridge.mailbox.ConfigurationException;
import io.mailbridge.store.Database;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Wires the cluster: Camel's cluster service of the configured type, a lock per inbound route through
 * {@link ClusteredRoutePolicies}, and the store's record of who polls what, written as this instance's inbound routes
 * start and stop under their locks.
 */
public final class ClusterSetup {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSetup.class);

    private ClusterSetup() {
    }

    /**
     * @param mailboxOf the mailbox an endpoint reads; empty for an endpoint of no configured mailbox
     * @param readsSharedFolder whether an endpoint reads a folder that several instances may read
     */
    public static ClusterStatus install(CamelContext context, ClusterProperties properties, String instanceId, Path dataDir,
                                        Database database, Function<Endpoint, Optional<String>> mailboxOf,
                                        Predicate<Endpoint> readsSharedFolder) throws Exception {
        if (instanceId == null || instanceId.isBlank() || instanceId.length() > 200) {
            throw new ConfigurationException("mailbridge.instance-id: '" + instanceId + "' cannot name this instance; give it a "
                    + "name of 1 to 200 characters, unique among the instances sharing the store, or leave it unset (host name "
                    + "and process id)");
        }
        ClusterProperties.Type type = properties.checkedType();
        CamelClusterService service = ClusterServices.create(type, properties, instanceId, dataDir);
        Consumer<String> prepareLock = type == ClusterProperties.Type.FILE
                ? namespace -> ClusterServices.prepareFileLock(properties.fileRoot(dataDir), namespace) : namespace -> { };
        ClusteredRoutePolicies policies = new ClusteredRoutePolicies(service, mailboxOf, readsSharedFolder, prepareLock);
        if (service != null) {
            context.addService(service);
        }
        context.addRoutePolicyFactory(policies);
        RouteOwners owners = new RouteOwners(database.dataSource());
        recordOwners(context, policies, service != null ? owners : null, instanceId);
        ClusterStatus status = new ClusterStatus(context, instanceId, type, policies, owners);
        HealthCheckRegistry.get(context).register(new ClusterHealthCheck(status));
        LOG.info("Instance {}: inbound routes are polled {}", instanceId, switch (type) {
            case FILE -> "by one instance at a time, through file locks in " + properties.fileRoot(dataDir).toAbsolutePath();
            case ZOOKEEPER -> "by one instance at a time, through ZooKeeper at " + properties.zookeeper().getNodes();
            case KUBERNETES -> "by one instance at a time, through Kubernetes leases named "
                    + properties.kubernetes().getLeasePrefix() + "-<route>";
            case NONE -> "by every instance (mailbridge.cluster.type=none)";
        });
        return status;
    }

    /** @param owners null where nobody records owners: with type none every instance polls */
    private static void recordOwners(CamelContext context, ClusteredRoutePolicies policies, RouteOwners owners, String instanceId) {
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            /** Routes polled here: Camel reports every route stopped when it stops, those it never started too. */
            private final Set<String> polledHere = ConcurrentHashMap.newKeySet();

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.RouteStartedEvent || event instanceof CamelEvent.RouteStoppedEvent
                        || event instanceof CamelEvent.RouteRemovedEvent;
            }

            @Override
            public void notify(CamelEvent event) {
                String routeId = ((CamelEvent.RouteEvent) event).getRoute().getRouteId();
                Optional<String> mailbox = policies.mailboxOf(routeId);
                if (mailbox.isEmpty()) {
                    return;
                }
                if (event instanceof CamelEvent.RouteRemovedEvent) {
                    policies.removed(routeId);
                    return;
                }
                if (owners == null) {
                    return;
                }
                try {
                    if (event instanceof CamelEvent.RouteStartedEvent) {
                        polledHere.add(routeId);
                        owners.claim(routeId, mailbox.get(), instanceId, Clock.systemUTC().instant());
                        LOG.info("Instance {} polls route {} (mailbox {})", instanceId, routeId, mailbox.get());
                    } else if (polledHere.remove(routeId)) {
                        owners.release(routeId, instanceId);
                        LOG.info("Instance {} no longer polls route {} (mailbox {})", instanceId, routeId, mailbox.get());
                    }
                } catch (RuntimeException e) {
                    // who polls what is shown to people; polling itself goes on under the lock
                    LOG.warn("Could not record who polls route {}: {}", routeId, e.getMessage());
                }
            }
        });
    }
}
