package io.mailbridge.cluster;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/** This instance's id and cluster type, and who polls each inbound route, among the health checks' details. */
final class ClusterHealthCheck extends AbstractHealthCheck {

    private final ClusterStatus status;

    ClusterHealthCheck(ClusterStatus status) {
        super("mailbridge", "cluster");
        this.status = status;
    }

    @Override
    public boolean isLiveness() {
        // who polls what is information; the store's own check reports a store that cannot be read
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("instance", status.instanceId());
        builder.detail("type", status.type());
        for (ClusterStatus.Poller p : status.pollers()) {
            builder.detail("route." + p.routeId(), (p.instanceId() == null ? "unpolled" : p.instanceId())
                    + " (mailbox " + p.mailboxId() + ")");
        }
        builder.up();
    }
}
