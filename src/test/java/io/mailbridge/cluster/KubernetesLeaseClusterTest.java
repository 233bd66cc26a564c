package io.mailbridge.cluster;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.mailbridge.store.Database;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Camel contexts with the kubernetes cluster type against the fabric8 Kubernetes API mock in CRUD mode: each
 * inbound route is run by one of them under a coordination.k8s.io Lease of its own ({@code <prefix>-<route>}, held by
 * the instance id), the routes spread over both, and when one stops (and its pod goes, as Kubernetes removes a pod
 * whose process ended) the other takes its leases and routes over.
 */
class KubernetesLeaseClusterTest {

    private static final int ROUTES = 6;
    private static final int TAKEOVER_SECONDS = 3;
    private static final String NAMESPACE = "mail";

    @TempDir
    Path dir;

    @Test
    void leasesSplitTheRoutesAndAStoppedInstanceHandsThemOver() throws Exception {
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        api.init();
        List<String> routes = IntStream.rangeClosed(1, ROUTES).mapToObj(i -> "inbound-mb" + i).toList();
        try (KubernetesClient client = api.createClient();
             Database store = Database.open(Database.embeddedUrl(dir), null, null)) {
            // Camel gives a lease only to a running, ready pod of the namespace: the two instances run as these pods
            for (String pod : List.of("pod-a", "pod-b")) {
                client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(pod).endMetadata()
                        .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                        .endStatus().build()).create();
            }
            CamelContext a = instance("pod-a", api, store);
            CamelContext b = instance("pod-b", api, store);
            try {
                // the routes arrive while both run, as by live reload, at one instance before the other, which takes
                // the lease: each instance first in turn
                for (int i = 0; i < routes.size(); i++) {
                    CamelContext first = i % 2 == 0 ? a : b;
                    String route = routes.get(i);
                    addRoute(first, route);
                    await().atMost(Duration.ofSeconds(10)).until(() -> started(first, route));
                    addRoute(first == a ? b : a, route);
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> routes.stream().allMatch(r -> started(a, r) ^ started(b, r)));
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                        routes.stream().allMatch(r -> started(a, r) ^ started(b, r)));
                Map<String, String> holders = holders(client);
                System.out.println("Kubernetes: lease holders " + holders);
                assertThat(holders.keySet()).containsExactlyInAnyOrderElementsOf(routes.stream().map(r -> "mailbridge-" + r).toList());
                for (String r : routes) {
                    assertThat(holders.get("mailbridge-" + r)).isEqualTo(started(a, r) ? "pod-a" : "pod-b");
                }
                assertThat(holders.values()).containsOnly("pod-a", "pod-b").contains("pod-a", "pod-b");

                long stoppedAt = System.nanoTime();
                a.stop();
                // as Kubernetes does when a pod's process ends: Camel takes a lease from a holder that is no ready pod
                client.pods().inNamespace(NAMESPACE).withName("pod-a").delete();
                await().atMost(Duration.ofSeconds(TAKEOVER_SECONDS + 10)).until(() -> routes.stream().allMatch(r -> started(b, r)));
                System.out.printf("Kubernetes: pod-b runs every route %d ms after pod-a stopped (takeover time %d s)%n",
                        (System.nanoTime() - stoppedAt) / 1_000_000, TAKEOVER_SECONDS);
                await().atMost(Duration.ofSeconds(5)).until(() -> holders(client).values().stream().allMatch("pod-b"::equals));
            } finally {
                a.stop();
                b.stop();
            }
        } finally {
            api.destroy();
        }
    }

    /** A started Camel context clustered by Kubernetes leases, with no routes yet. */
    private static CamelContext instance(String id, KubernetesMockServer api, Database store) throws Exception {
        ClusterProperties properties = new ClusterProperties();
        properties.setType("kubernetes");
        properties.setTakeoverSeconds(TAKEOVER_SECONDS);
        properties.kubernetes().setMasterUrl(api.url("/"));
        properties.kubernetes().setNamespace(NAMESPACE);
        CamelContext context = new DefaultCamelContext();
        ClusterSetup.install(context, properties, id, Path.of("unused"), store, KubernetesLeaseClusterTest::mailboxOf,
                endpoint -> false);
        context.start();
        return context;
    }

    /** A timer route standing in for an inbound route (its timer's name as the "mailbox"). */
    private static void addRoute(CamelContext context, String routeId) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:" + routeId.substring("inbound-".length()) + "?period=500").routeId(routeId).log("polled");
            }
        });
    }

    private static Optional<String> mailboxOf(Endpoint endpoint) {
        return endpoint.getEndpointUri().startsWith("timer:")
                ? Optional.of(endpoint.getEndpointUri().substring("timer://".length()).replaceAll("\\?.*", "")) : Optional.empty();
    }

    private static boolean started(CamelContext context, String routeId) {
        return context.isStarted() && context.getRouteController().getRouteStatus(routeId) == ServiceStatus.Started;
    }

    private static Map<String, String> holders(KubernetesClient client) {
        return client.leases().inNamespace(NAMESPACE).list().getItems().stream().collect(Collectors.toMap(
                l -> l.getMetadata().getName(), l -> String.valueOf(l.getSpec().getHolderIdentity()), (x, y) -> x, TreeMap::new));
    }
}
