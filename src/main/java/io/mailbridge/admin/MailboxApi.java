package io.mailbridge.admin;

import io.mailbridge.cluster.ClusterStatus;
import io.mailbridge.diagnosis.ConnectionCheck;
import io.mailbridge.diagnosis.MailboxWarnings;
import io.mailbridge.diagnosis.TestReport;
import io.mailbridge.mailbox.Grant;
import io.mailbridge.oauth.MailboxTokenState;
import io.mailbridge.oauth.TokenFailure;
import io.mailbridge.oauth.TokenService;
import io.mailbridge.outbound.MailboxPause;
import io.mailbridge.outbound.OutboundMailboxes;
import org.apache.camel.Exchange;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /api/mailboxes}: each mailbox with its token state and the instance polling it; never a token or secret. The
 * header {@code Mailbridge-Instance} names the instance that answered.
 */
public final class MailboxApi {

    /** The response header naming the instance that answered. */
    public static final String INSTANCE_HEADER = "Mailbridge-Instance";

    private final TokenService tokens;
    private final OutboundMailboxes outbound;
    private final ConnectionCheck connectionCheck;
    private final MailboxWarnings warnings;
    private final Function<String, Optional<Instant>> lastPoll;
    private final ClusterStatus cluster;

    public MailboxApi(TokenService tokens, OutboundMailboxes outbound, MailboxWarnings warnings, ConnectionCheck connectionCheck,
                      Function<String, Optional<Instant>> lastPoll, ClusterStatus cluster) {
        this.lastPoll = lastPoll;
        this.cluster = cluster;
        this.tokens = tokens;
        this.outbound = outbound;
        this.warnings = warnings;
        this.connectionCheck = connectionCheck;
    }

    /** {@code POST /api/mailboxes/{id}/test}: the whole chain, up to the first broken link. */
    public void test(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (id == null || tokens.mailbox(id).isEmpty()) {
            HttpReplies.error(exchange, 404, "unknown-mailbox", "There is no mailbox '" + id + "'.");
            return;
        }
        TestReport report = connectionCheck.run(id);
        HttpReplies.json(exchange, 200, new ApiViews.Test(report.mailbox(), report.passed(), report.at().toString(),
                report.steps().stream().map(s -> new ApiViews.TestStep(s.name(), s.outcome().label(), s.millis(), s.detail(),
                        s.cause(), s.cause() != null ? s.fix() : null)).toList()));
    }

    public void list(Exchange exchange) {
        List<ClusterStatus.Poller> pollers = cluster.pollers();
        HttpReplies.json(exchange, 200, tokens.statuses().stream().map(s -> view(s, pollers)).toList());
        exchange.getMessage().setHeader(INSTANCE_HEADER, cluster.instanceId());
    }

    public void one(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (id == null || tokens.mailbox(id).isEmpty()) {
            HttpReplies.error(exchange, 404, "unknown-mailbox", "There is no mailbox '" + id + "'.");
        } else {
            HttpReplies.json(exchange, 200, view(tokens.status(id), cluster.pollers()));
            exchange.getMessage().setHeader(INSTANCE_HEADER, cluster.instanceId());
        }
    }

    private ApiViews.Mailbox view(MailboxTokenState s, List<ClusterStatus.Poller> pollers) {
        MailboxPause pause = outbound.pauses().get(s.mailboxId());
        return new ApiViews.Mailbox(s.mailboxId(), s.address(), s.grant().configName(), s.status().label(),
                text(s.tokenExpiresAt()), text(s.lastRefreshAt()), error(s.lastError(), s.lastErrorAt()),
                s.grant() == Grant.AUTHORIZATION_CODE ? "/oauth/" + s.mailboxId() + "/sign-in" : null,
                lastPoll.apply(s.mailboxId()).map(Object::toString).orElse(null),
                outbound.lastSent(s.mailboxId()).map(Object::toString).orElse(null),
                pollers.stream().filter(p -> s.mailboxId().equals(p.mailboxId()))
                        .map(p -> new ApiViews.Poller(p.routeId(), p.instanceId(), text(p.since()), p.here())).toList(),
                warnings.of(s.mailboxId()).stream().map(w -> new ApiViews.Warning(w.cause(), w.message(), w.fix(), w.due().toString()))
                        .toList(),
                pause == null ? null : new ApiViews.Pause(pause.cause(), pause.reply(), pause.fix(), pause.since().toString(),
                        pause.retryAt().toString()));
    }

    private static ApiViews.TokenError error(TokenFailure f, Instant at) {
        return f == null ? null : new ApiViews.TokenError(f.cause(), f.code(), f.summary(), f.fix(), text(at));
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
