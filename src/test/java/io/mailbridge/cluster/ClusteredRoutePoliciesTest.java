package io.mailbridge.cluster;

import io.mailbridge.store.Database;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which routes get a lock, under which name: only routes reading a configured mailbox or a shared folder, each under a
 * name usable as a file, a znode and a Lease; with type none every instance runs them.
 */
class ClusteredRoutePoliciesTest {

    @TempDir
    Path dir;

    @Test
    void lockNamesAreFileZnodeAndLeaseNamesAndNeverShared() {
        assertThat(ClusteredRoutePolicies.namespace("inbound-ap")).isEqualTo("inbound-ap");
        String odd = ClusteredRoutePolicies.namespace("Inbound AP/../x");
        assertThat(odd).matches("[a-z0-9-]+").startsWith("inbound-ap-x-");
        assertThat(ClusteredRoutePolicies.namespace("inbound AP")).isNotEqualTo(ClusteredRoutePolicies.namespace("inbound-ap"))
                .isNotEqualTo(ClusteredRoutePolicies.namespace("inbound/AP"));
        assertThat(ClusteredRoutePolicies.namespace("x".repeat(300))).hasSizeLessThanOrEqualTo(59);
    }

    @Test
    void withFileLocksOneOfTwoInstancesRunsAMailboxRouteAndBothRunTheOthers() throws Exception {
        Path locks = dir.resolve("locks");
        try (Database store = Database.open(Database.embeddedUrl(dir), null, null)) {
            CamelContext a = instance("a", "file", locks, store);
            CamelContext b = instance("b", "file", locks, store);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> started(a, "inbound-ap") ^ started(b, "inbound-ap"));
                await().atMost(Duration.ofSeconds(10)).until(() -> started(a, "drop-folder") ^ started(b, "drop-folder"));
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() ->
                        (started(a, "inbound-ap") ^ started(b, "inbound-ap")) && (started(a, "drop-folder") ^ started(b, "drop-folder"))
                                && started(a, "other") && started(b, "other"));
                assertThat(Files.exists(locks.resolve("inbound-ap"))).isTrue();
                assertThat(Files.exists(locks.resolve("drop-folder"))).isTrue();
                assertThat(Files.exists(locks.resolve("other"))).isFalse();
                String owner = started(a, "inbound-ap") ? "a" : "b";
                assertThat(new RouteOwners(store.dataSource()).all()).extracting(RouteOwners.Owner::routeId, RouteOwners.Owner::instanceId)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("inbound-ap", owner));
            } finally {
                a.stop();
                b.stop();
            }
            // an instance that stops gives its route up, in the store too
            assertThat(new RouteOwners(store.dataSource()).all()).isEmpty();
        }
    }

    @Test
    void withTypeNoneEveryInstanceRunsEveryRoute() throws Exception {
        try (Database store = Database.open(Database.embeddedUrl(dir), null, null)) {
            CamelContext a = instance("a", "none", dir.resolve("locks"), store);
            CamelContext b = instance("b", "none", dir.resolve("locks"), store);
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> started(a, "inbound-ap") && started(b, "inbound-ap")
                        && started(a, "drop-folder") && started(b, "drop-folder"));
                assertThat(Files.exists(dir.resolve("locks"))).isFalse();
            } finally {
                a.stop();
                b.stop();
            }
        }
    }

    private static CamelContext instance(String id, String type, Path locks, Database store) throws Exception {
        ClusterProperties properties = new ClusterProperties();
        properties.setType(type);
        properties.setFileRoot(locks.toString());
        properties.setTakeoverSeconds(2);
        CamelContext context = new DefaultCamelContext();
        ClusterSetup.install(context, properties, id, locks.getParent(), store, ClusteredRoutePoliciesTest::mailboxOf,
                endpoint -> endpoint.getEndpointUri().startsWith("timer://drop"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:ap?period=200").routeId("inbound-ap").log("polled");
                from("timer:drop?period=200").routeId("drop-folder").log("read");
                from("timer:other?period=200").routeId("other").log("ticked");
            }
        });
        context.start();
        return context;
    }

    /** The timer named ap stands in for a mailbox's endpoint. */
    private static Optional<String> mailboxOf(Endpoint endpoint) {
        return endpoint.getEndpointUri().startsWith("timer://ap") ? Optional.of("ap") : Optional.empty();
    }

    private static boolean started(CamelContext context, String routeId) {
        return context.getRouteController().getRouteStatus(routeId) == ServiceStatus.Started;
    }
}
