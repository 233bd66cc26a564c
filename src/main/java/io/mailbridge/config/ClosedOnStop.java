package io.mailbridge.config;

import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-lived component (store, broker, token service, pool) closed by Camel when it stops, after the routes that
 * use it. Camel stops its services in the reverse order they were added, so a component added first (the store)
 * is closed last.
 */
public final class ClosedOnStop extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ClosedOnStop.class);

    private final String name;
    private final AutoCloseable component;

    private ClosedOnStop(String name, AutoCloseable component) {
        this.name = name;
        this.component = component;
    }

    /** Hands the component to Camel's lifecycle; returns it. */
    public static <T extends AutoCloseable> T register(CamelContext context, String name, T component) {
        try {
            context.addService(new ClosedOnStop(name, component), true, true);
        } catch (Exception e) {
            throw RuntimeCamelException.wrapRuntimeCamelException(e);
        }
        return component;
    }

    @Override
    protected void doStop() {
        try {
            component.close();
        } catch (Exception e) {
            LOG.debug("Closing the {} failed", name, e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
