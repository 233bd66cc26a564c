package io.mailbridge.admin;

import io.mailbridge.inbound.InboundLedger;
import io.mailbridge.inbound.InboundReplay;
import org.apache.camel.Exchange;

import java.util.Locale;
import java.util.NoSuchElementException;

/** {@code /api/inbound}: the ledger's records (quarantined messages first of all), and replaying one. */
public final class InboundApi {

    private static final int LIMIT = 100;

    private final InboundLedger ledger;
    private final InboundReplay replay;

    public InboundApi(InboundLedger ledger, InboundReplay replay) {
        this.ledger = ledger;
        this.replay = replay;
    }

    /** {@code GET /api/inbound?state=quarantined} (or received, delivered, replayed). */
    public void list(Exchange exchange) {
        String state = exchange.getMessage().getHeader("state", "quarantined", String.class);
        InboundLedger.State wanted;
        try {
            wanted = InboundLedger.State.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            HttpReplies.error(exchange, 400, "unknown-state", "state must be one of received, delivered, quarantined, replayed");
            return;
        }
        HttpReplies.json(exchange, 200, ledger.inState(wanted, LIMIT).stream().map(InboundApi::view).toList());
    }

    /** {@code POST /api/inbound/replay?id=<ledger id>}: the quarantined message goes back to its folder. */
    public void replay(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (id == null || id.isBlank()) {
            HttpReplies.error(exchange, 400, "missing-id", "Give the message's ledger id as ?id=<mailbox/folder/uidvalidity/uid>.");
            return;
        }
        try {
            String folder = replay.replay(id);
            HttpReplies.json(exchange, 202, new ApiViews.Replayed(id, "replayed", folder));
        } catch (NoSuchElementException e) {
            HttpReplies.error(exchange, 404, "unknown-message", "There is no inbound message '" + id + "'.");
        } catch (InboundReplay.ReplayRefusedException e) {
            HttpReplies.error(exchange, 409, "not-replayable", e.getMessage());
        } catch (Exception e) {
            HttpReplies.error(exchange, 503, "mailbox-unavailable", "The message could not be moved back: " + e.getMessage());
        }
    }

    static ApiViews.InboundMessage view(InboundLedger.Entry e) {
        return new ApiViews.InboundMessage(e.id(), e.mailbox(), e.folder(), e.state().name().toLowerCase(Locale.ROOT), e.subject(),
                e.messageId(), e.attempts(), e.lastError(), e.firstSeenAt() == null ? null : e.firstSeenAt().toString(),
                e.updatedAt() == null ? null : e.updatedAt().toString());
    }
}
