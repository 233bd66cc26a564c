package io.mailbridge.cluster;

import io.mailbridge.store.StoreException;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Which instance polls each inbound route: this instance's own routes as they run here, the others' from the store. */
public final class ClusterStatus {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterStatus.class);

    /**
     * An inbound route and who polls it.
     *
     * @param instanceId the instance polling it; null while none does (its owner stopped, or is still being replaced)
     * @param here       whether this instance polls it
     */
    public record Poller(String routeId, String mailboxId, String instanceId, Instant since, boolean here) {
    }

    private final CamelContext context;
    private final String instanceId;
    private final ClusterProperties.Type type;
    private final ClusteredRoutePolicies policies;
    private final RouteOwners owners;

    ClusterStatus(CamelContext context, String instanceId, ClusterProperties.Type type, ClusteredRoutePolicies policies,
                  RouteOwners owners) {
        this.context = context;
        this.instanceId = instanceId;
        this.type = type;
        this.policies = policies;
        this.owners = owners;
    }

    public String instanceId() {
        return instanceId;
    }

    /** {@code file}, {@code zookeeper}, {@code kubernetes} or {@code none}. */
    public String type() {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Every inbound route known here or recorded in the store, by route id; while the store cannot be read, this
     * instance's own routes only.
     */
    public List<Poller> pollers() {
        Map<String, Poller> byRoute = new TreeMap<>();
        if (type != ClusterProperties.Type.NONE) {
            for (RouteOwners.Owner o : recordedOwners()) {
                byRoute.put(o.routeId(), new Poller(o.routeId(), o.mailboxId(), o.instanceId(), o.since(),
                        instanceId.equals(o.instanceId()) && runsHere(o.routeId())));
            }
        }
        policies.inboundRoutes().forEach((routeId, mailboxId) -> {
            Poller recorded = byRoute.get(routeId);
            if (runsHere(routeId)) {
                byRoute.put(routeId, new Poller(routeId, mailboxId, instanceId, recorded != null && recorded.here()
                        ? recorded.since() : null, true));
            } else if (recorded == null || instanceId.equals(recorded.instanceId())) {
                byRoute.put(routeId, new Poller(routeId, mailboxId, null, null, false));
            }
        });
        return new ArrayList<>(byRoute.values());
    }

    /** The pollers of one mailbox's routes. */
    public List<Poller> pollersOf(String mailboxId) {
        return pollers().stream().filter(p -> mailboxId.equals(p.mailboxId())).toList();
    }

    /** The owners the store has; none while it cannot be read, so that the rest of an answer is still given. */
    private List<RouteOwners.Owner> recordedOwners() {
        try {
            return owners.all();
        } catch (StoreException e) {
            LOG.debug("Who polls the other instances' routes is unknown while the store cannot be read", e);
            return List.of();
        }
    }

    private boolean runsHere(String routeId) {
        ServiceStatus status = context.getRouteController().getRouteStatus(routeId);
        return status != null && status.isStarted();
    }
}
