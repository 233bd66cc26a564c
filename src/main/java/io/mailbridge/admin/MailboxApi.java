package io.mailbridge.admin;

import io.mailbridge.diagnosis.ConnectionCheck;
import io.mailbridge.diagnosis.MailboxWarnings;
import io.mailbridge.diagnosis.TestReport;
import io.mailbridge.oauth.MailboxTokenState;
import io.mailbridge.oauth.TokenFailure;
import io.mailbridge.oauth.TokenService;
import io.mailbridge.outbound.MailboxPause;
import io.mailbridge.outbound.OutboundMailboxes;
import org.apache.camel.Exchange;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/mailboxes}: each mailbox with its token state; never a token or secret. */
public final class MailboxApi {

    private final TokenService tokens;
    private final OutboundMailboxes outbound;
    private final ConnectionCheck connectionCheck;
    private final MailboxWarnings warnings;
    private final java.util.function.Function<String, java.util.Optional<java.time.Instant>> lastPoll;

    public MailboxApi(TokenService tokens, OutboundMailboxes outbound, MailboxWarnings warnings, ConnectionCheck connectionCheck,
                      java.util.function.Function<String, java.util.Optional<java.time.Instant>> lastPoll) {
        this.lastPoll = lastPoll;
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mailbox", report.mailbox());
        body.put("passed", report.passed());
        body.put("at", report.at().toString());
        body.put("steps", report.steps().stream().map(s -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("name", s.name());
            step.put("outcome", s.outcome().label());
            step.put("millis", s.millis());
            step.put("detail", s.detail());
            if (s.cause() != null) {
                step.put("cause", s.cause());
                step.put("fix", s.fix());
            }
            return step;
        }).toList());
        HttpReplies.json(exchange, 200, body);
    }

    public void list(Exchange exchange) {
        HttpReplies.json(exchange, 200, tokens.statuses().stream().map(this::view).toList());
    }

    public void one(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (id == null || tokens.mailbox(id).isEmpty()) {
            HttpReplies.error(exchange, 404, "unknown-mailbox", "There is no mailbox '" + id + "'.");
        } else {
            HttpReplies.json(exchange, 200, view(tokens.status(id)));
        }
    }

    private Map<String, Object> view(MailboxTokenState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.mailboxId());
        m.put("address", s.address());
        m.put("grant", s.grant().configName());
        m.put("tokenStatus", s.status().label());
        m.put("tokenExpiresAt", s.tokenExpiresAt() == null ? null : s.tokenExpiresAt().toString());
        m.put("lastRefreshAt", s.lastRefreshAt() == null ? null : s.lastRefreshAt().toString());
        m.put("lastError", error(s.lastError(), s.lastErrorAt()));
        if (s.grant() == io.mailbridge.mailbox.Grant.AUTHORIZATION_CODE) {
            m.put("signInPath", "/oauth/" + s.mailboxId() + "/sign-in");
        }
        m.put("lastPollAt", lastPoll.apply(s.mailboxId()).map(Object::toString).orElse(null));
        m.put("lastSentAt", outbound.lastSent(s.mailboxId()).map(Object::toString).orElse(null));
        m.put("warnings", warnings.of(s.mailboxId()).stream().map(w -> {
            Map<String, Object> warning = new LinkedHashMap<>();
            warning.put("cause", w.cause());
            warning.put("message", w.message());
            warning.put("fix", w.fix());
            warning.put("due", w.due().toString());
            return warning;
        }).toList());
        MailboxPause pause = outbound.pauses().get(s.mailboxId());
        if (pause != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("cause", pause.cause());
            p.put("reply", pause.reply());
            p.put("fix", pause.fix());
            p.put("since", pause.since().toString());
            p.put("retryAt", pause.retryAt().toString());
            m.put("sendingPaused", p);
        }
        return m;
    }

    private static Map<String, Object> error(TokenFailure f, java.time.Instant at) {
        if (f == null) {
            return null;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("cause", f.cause());
        e.put("code", f.code());
        e.put("message", f.summary());
        e.put("fix", f.fix());
        e.put("at", at == null ? null : at.toString());
        return e;
    }
}
