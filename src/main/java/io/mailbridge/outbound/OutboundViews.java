package io.mailbridge.outbound;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of a request's and a batch's status, shared by the API and the webhook. */
public final class OutboundViews {

    /** A send request's status, as the API answers it. */
    public record RequestView(String id, String requestId, String batchId, @JsonInclude(JsonInclude.Include.NON_NULL) Integer item,
                              String mailbox, String status, int attempts, String lastReply, String messageId, String subject,
                              int recipients,
                              // attempts cut off after the server may have had the whole mail (sent again with the same Message-ID)
                              @JsonInclude(JsonInclude.Include.NON_NULL) Integer uncertainAttempts,
                              String createdAt, String updatedAt, String sentAt, String nextAttemptAt) {
    }

    /** A batch's status: its counts per status and (when asked for one batch) its failed items. */
    public record BatchView(String batchId, String requestId, String mailbox, String template, String source, int count,
                            boolean accepted, Map<String, Integer> counts,
                            // the items' attempts cut off after the server may have had the whole mail, all together
                            @JsonInclude(JsonInclude.Include.NON_NULL) Integer uncertainAttempts,
                            String createdAt, String completedAt, List<RequestView> failed) {
    }

    private OutboundViews() {
    }

    public static RequestView request(OutboundRequests.Entry e) {
        return new RequestView(e.id(), e.requestId(), e.batchId(), e.itemIndex(), e.mailbox(), e.status().label(), e.attempts(),
                e.lastReply(), e.messageId(), e.subject(), e.recipients(), e.uncertain() > 0 ? e.uncertain() : null,
                text(e.createdAt()), text(e.updatedAt()), text(e.sentAt()), e.status().isFinal() ? null : text(e.nextAttemptAt()));
    }

    /** @param uncertain the items' uncertain attempts together */
    public static BatchView batch(OutboundRequests.Batch b, Map<OutboundRequests.Status, Integer> counts, int uncertain,
                                  List<OutboundRequests.Entry> failed) {
        return new BatchView(b.batchId(), b.requestId(), b.mailbox(), b.template(), b.source(), b.itemCount(), b.accepted(),
                counts(counts), uncertain > 0 ? uncertain : null, text(b.createdAt()), text(b.completedAt()),
                failed.stream().map(OutboundViews::request).toList());
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
