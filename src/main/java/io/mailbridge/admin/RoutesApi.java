package io.mailbridge.admin;

import io.mailbridge.RouteFileReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.support.RouteWatcherReloadStrategy;

import java.util.ArrayList;
import java.util.Locale;
import java.util.List;

/**
 * {@code GET /api/routes}: every route with its state and counts, the route files that failed to load, and the live
 * reload's last result.
 */
public final class RoutesApi {

    private final CamelContext context;
    private final RouteFileReport report;

    public RoutesApi(CamelContext context, RouteFileReport report) {
        this.context = context;
        this.report = report;
    }

    public void list(Exchange exchange) {
        MeterRegistry meters = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        List<ApiViews.Route> routes = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            routes.add(new ApiViews.Route(route.getRouteId(),
                    String.valueOf(context.getRouteController().getRouteStatus(route.getRouteId())).toLowerCase(Locale.ROOT),
                    route.getEndpoint().toString().replaceAll("(?i)(password|token|secret)=[^&]*", "$1=xxxxxx"),
                    route.getSourceLocationShort(), count(meters, "camel.exchanges.total", route.getRouteId()),
                    count(meters, "camel.exchanges.failed", route.getRouteId()), route.getUptimeMillis()));
        }
        RouteWatcherReloadStrategy reload = context.hasService(RouteWatcherReloadStrategy.class);
        HttpReplies.json(exchange, 200, new ApiViews.Routes(routes, report.failures().stream()
                .map(f -> new ApiViews.FileError(f.file(), f.error(), f.at().toString())).toList(),
                reload == null ? null : new ApiViews.Reload(reload.getFolder(), reload.getReloadCounter(), reload.getFailedCounter(),
                        report.lastReload() == null ? null : report.lastReload().toString(),
                        reload.getLastError() == null ? null : reload.getLastError().getMessage())));
    }

    private static Long count(MeterRegistry meters, String name, String routeId) {
        if (meters == null) {
            return null;
        }
        Counter counter = meters.find(name).tag("routeId", routeId).counter();
        return counter == null ? null : (long) counter.count();
    }
}
