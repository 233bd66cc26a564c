package io.mailbridge.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.NamedNode;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.zip.CRC32;

/**
 * Gives every route that reads a configured mailbox (live-reloaded ones too), and every route that reads a folder
 * the instances may share (the outbound drop folder), Camel's {@link ClusteredRoutePolicy} with a lock of its own,
 * named after the route: its consumer runs on the one instance holding that lock, and the routes spread over the
 * instances. Other routes are left alone.
 */
final class ClusteredRoutePolicies implements RoutePolicyFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ClusteredRoutePolicies.class);

    private final CamelClusterService service;
    private final Function<Endpoint, Optional<String>> mailboxOf;
    private final Predicate<Endpoint> readsSharedFolder;
    private final Consumer<String> prepareLock;
    /** The inbound routes seen, by id, with the mailbox each reads. */
    private final Map<String, String> inbound = new ConcurrentHashMap<>();

    /**
     * @param service   the cluster service; null for type none, where every instance polls
     * @param mailboxOf the mailbox an endpoint reads, empty for endpoints that read no configured mailbox
     * @param readsSharedFolder whether an endpoint reads a folder several instances may read, where two readers
     *                          would both take the same file (a batch file without a requestId would be sent twice)
     * @param prepareLock readies a lock by name before the service first asks for it
     */
    ClusteredRoutePolicies(CamelClusterService service, Function<Endpoint, Optional<String>> mailboxOf,
                           Predicate<Endpoint> readsSharedFolder, Consumer<String> prepareLock) {
        this.service = service;
        this.mailboxOf = mailboxOf;
        this.readsSharedFolder = readsSharedFolder;
        this.prepareLock = prepareLock;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode node) {
        if (!(node instanceof RouteDefinition route) || route.getInput() == null) {
            return null;
        }
        Endpoint endpoint = route.getInput().getEndpoint();
        if (endpoint == null && route.getInput().getEndpointUri() != null) {
            // the reifier has just resolved this URI: this is the registered endpoint, not a new one
            endpoint = context.getEndpoint(route.getInput().getEndpointUri());
        }
        if (endpoint == null) {
            return null;
        }
        Optional<String> mailbox = mailboxOf.apply(endpoint);
        if (mailbox.isEmpty() && !readsSharedFolder.test(endpoint)) {
            return null;
        }
        mailbox.ifPresent(id -> inbound.put(routeId, id));
        if (service == null) {
            return null;
        }
        String namespace = namespace(routeId);
        prepareLock.accept(namespace);
        LOG.info("Route {} ({}) polls on one instance at a time: lock '{}' of the {} cluster service", routeId,
                mailbox.map(id -> "mailbox " + id).orElse(endpoint.getEndpointBaseUri()), namespace,
                service.getClass().getSimpleName());
        try {
            ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(service, namespace);
            policy.setCamelContext(context);
            return policy;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the cluster policy of route " + routeId + ": " + e.getMessage(), e);
        }
    }

    /** The mailbox the route reads, if it is an inbound route. */
    Optional<String> mailboxOf(String routeId) {
        return Optional.ofNullable(inbound.get(routeId));
    }

    Map<String, String> inboundRoutes() {
        return Map.copyOf(inbound);
    }

    void removed(String routeId) {
        inbound.remove(routeId);
    }

    /**
     * The lock's name: a file name, a znode and part of a Kubernetes Lease name at once, so lower-case letters, digits
     * and dashes; a route id that needed changing gets a checksum so that two such ids cannot share a lock.
     */
    static String namespace(String routeId) {
        String clean = routeId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        if (clean.equals(routeId) && clean.length() <= 60) {
            return clean;
        }
        CRC32 crc = new CRC32();
        crc.update(routeId.getBytes(StandardCharsets.UTF_8));
        String sum = HexFormat.of().toHexDigits((int) crc.getValue());
        return (clean.length() > 50 ? clean.substring(0, 50) : clean) + (clean.isEmpty() ? "" : "-") + sum;
    }
}
