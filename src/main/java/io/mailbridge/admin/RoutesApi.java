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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        List<Map<String, Object>> routes = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", route.getRouteId());
            r.put("state", String.valueOf(context.getRouteController().getRouteStatus(route.getRouteId())).toLowerCase(java.util.Locale.ROOT));
            r.put("from", route.getEndpoint().toString().replaceAll("(?i)(password|token|secret)=[^&]*", "$1=xxxxxx"));
            r.put("source", route.getSourceLocationShort());
            r.put("exchanges", count(meters, "camel.exchanges.total", route.getRouteId()));
            r.put("failed", count(meters, "camel.exchanges.failed", route.getRouteId()));
            r.put("uptimeMillis", route.getUptimeMillis());
            routes.add(r);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("routes", routes);
        body.put("fileErrors", report.failures().stream().map(f -> Map.of("file", f.file(), "error", f.error(), "at", f.at().toString()))
                .toList());
        RouteWatcherReloadStrategy reload = context.hasService(RouteWatcherReloadStrategy.class);
        if (reload != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("folder", reload.getFolder());
            r.put("reloads", reload.getReloadCounter());
            r.put("failedReloads", reload.getFailedCounter());
            r.put("lastReloadAt", report.lastReload() == null ? null : report.lastReload().toString());
            r.put("lastError", reload.getLastError() == null ? null : reload.getLastError().getMessage());
            body.put("reload", r);
        }
        HttpReplies.json(exchange, 200, body);
    }

    private static Long count(MeterRegistry meters, String name, String routeId) {
        if (meters == null) {
            return null;
        }
        Counter counter = meters.find(name).tag("routeId", routeId).counter();
        return counter == null ? null : (long) counter.count();
    }
}
