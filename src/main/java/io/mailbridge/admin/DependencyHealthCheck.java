package io.mailbridge.admin;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Readiness and liveness of something mailbridge cannot work without (the store, the send queue's broker): up while
 * a probe succeeds, down with the probe's error.
 */
public final class DependencyHealthCheck extends AbstractHealthCheck {

    private final Callable<String> probe;

    /** @param probe returns a short description of what answered; throws when it does not answer */
    public DependencyHealthCheck(String id, Callable<String> probe) {
        super("mailbridge", id);
        this.probe = probe;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            builder.detail("answered", probe.call());
            builder.up();
        } catch (Exception e) {
            builder.message(e.getMessage() == null ? e.toString() : e.getMessage());
            builder.down();
        }
    }
}
