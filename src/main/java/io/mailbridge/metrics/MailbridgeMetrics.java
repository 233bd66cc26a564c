package io.mailbridge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * mailbridge's own metrics, per mailbox, beside Camel's per route; exported by Prometheus at {@code /observe/metrics}
 * as {@code mailbridge_*}.
 */
public final class MailbridgeMetrics {

    private static final MeterRegistry UNREAD = new SimpleMeterRegistry();

    private final Supplier<MeterRegistry> source;
    private volatile MeterRegistry registry;

    /**
     * @param source the registry that is exported, asked at first use: Camel makes its own when it starts, after
     *               mailbridge's setup; null until then
     */
    public MailbridgeMetrics(Supplier<MeterRegistry> source) {
        this.source = source;
    }

    /**
     * The metrics of this instance: every meter in the registry Camel exports, Camel's per route and mailbridge's per
     * mailbox, carries the tag {@code instance}. Camel Main makes that registry before mailbridge's setup when metrics
     * are on; otherwise it is made here, and Camel takes the one it finds bound under its name.
     */
    public static MailbridgeMetrics of(CamelContext context, String instanceId) {
        Registry beans = context.getRegistry();
        MeterRegistry registry = beans.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            beans.bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        }
        registry.config().commonTags("instance", instanceId);
        MeterRegistry exported = registry;
        return new MailbridgeMetrics(() -> exported);
    }

    /** Counts nothing anyone reads: for components made without the application around them. */
    public static MailbridgeMetrics none() {
        MeterRegistry local = new SimpleMeterRegistry();
        return new MailbridgeMetrics(() -> local);
    }

    private MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            r = source.get();
            if (r == null) {
                // before Camel has started, or metrics switched off (camel.metrics.enabled=false): not exported
                return UNREAD;
            }
            registry = r;
        }
        return r;
    }

    /** An inbound message's outcome: {@code delivered}, {@code retried}, {@code quarantined}. */
    public void inbound(String mailbox, String outcome) {
        counter("mailbridge.inbound.messages", "Inbound messages by outcome", mailbox, outcome).increment();
    }

    /** An outbound attempt's outcome: {@code sent}, {@code retrying}, {@code failed}, {@code paused}, {@code uncertain}. */
    public void outbound(String mailbox, String outcome) {
        counter("mailbridge.outbound.messages", "Outbound attempts by outcome", mailbox, outcome).increment();
    }

    public void throttleWait(String mailbox, Duration waited) {
        Counter.builder("mailbridge.outbound.throttle.wait.seconds").description("Time sending waited for a mailbox's "
                + "per-minute limit").tag("mailbox", mailbox).register(registry()).increment(waited.toMillis() / 1000.0);
    }

    /** A token request's outcome: {@code refreshed}, or the failure's cause. */
    public void token(String mailbox, String outcome) {
        counter("mailbridge.token.requests", "Token requests to the authority by outcome", mailbox, outcome).increment();
    }

    /** Mails queued and not yet final, read when scraped. */
    public void queueDepth(Supplier<Number> depth) {
        Gauge.builder("mailbridge.outbound.queue.depth", () -> depth.get().doubleValue())
                .description("Send requests queued, sending or waiting to retry").register(registry());
    }

    private Counter counter(String name, String description, String mailbox, String outcome) {
        return Counter.builder(name).description(description).tag("mailbox", mailbox).tag("outcome", outcome).register(registry());
    }
}
