package io.mailbridge.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;

/** Runs an action on each of Camel's events of one type (the context stopped, a route file reloaded). */
public final class CamelEvents {

    private CamelEvents() {
    }

    public static void on(CamelContext context, Class<? extends CamelEvent> type, Runnable action) {
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return type.isInstance(event);
            }

            @Override
            public void notify(CamelEvent event) {
                action.run();
            }
        });
    }
}
