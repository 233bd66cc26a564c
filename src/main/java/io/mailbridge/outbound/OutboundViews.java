package io.mailbridge.outbound;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of a request's and a batch's status, shared by the API and the webhook. */
public final class OutboundViews {

    private OutboundViews() {
    }

    public static Map<String, Object> request(OutboundRequests.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("requestId", e.requestId());
        m.put("batchId", e.batchId());
        if (e.itemIndex() != null) {
            m.put("item", e.itemIndex());
        }
        m.put("mailbox", e.mailbox());
        m.put("status", e.status().label());
        m.put("attempts", e.attempts());
        m.put("lastReply", e.lastReply());
        m.put("messageId", e.messageId());
        m.put("subject", e.subject());
        m.put("recipients", e.recipients());
        if (e.uncertain() > 0) {
            // attempts cut off after the server may have had the whole mail (sent again with the same Message-ID)
            m.put("uncertainAttempts", e.uncertain());
        }
        m.put("createdAt", text(e.createdAt()));
        m.put("updatedAt", text(e.updatedAt()));
        m.put("sentAt", text(e.sentAt()));
        m.put("nextAttemptAt", e.status().isFinal() ? null : text(e.nextAttemptAt()));
        return m;
    }

    public static Map<String, Object> batch(OutboundRequests.Batch b, Map<OutboundRequests.Status, Integer> counts,
                                            List<OutboundRequests.Entry> failed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batchId", b.batchId());
        m.put("requestId", b.requestId());
        m.put("mailbox", b.mailbox());
        m.put("template", b.template());
        m.put("source", b.source());
        m.put("count", b.itemCount());
        m.put("accepted", b.accepted());
        m.put("counts", counts(counts));
        m.put("createdAt", text(b.createdAt()));
        m.put("completedAt", text(b.completedAt()));
        m.put("failed", failed.stream().map(OutboundViews::request).toList());
        return m;
    }

    static Map<String, Integer> counts(Map<OutboundRequests.Status, Integer> counts) {
        Map<String, Integer> m = new LinkedHashMap<>();
        counts.forEach((s, n) -> m.put(s.label(), n));
        return m;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
