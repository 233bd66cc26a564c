package io.mailbridge.outbound;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes a batch once its last item is final, and reports it once. Whoever looks last completes it: the sender of
 * its last item, or the intake when every item was final before the batch counted as accepted.
 */
final class BatchCompletion {

    private static final Logger LOG = LoggerFactory.getLogger(BatchCompletion.class);

    private final OutboundRequests requests;
    private final StatusWebhook webhook;

    BatchCompletion(OutboundRequests requests, StatusWebhook webhook) {
        this.requests = requests;
        this.webhook = webhook;
    }

    /** Completes the batch if every item is final; logs it and tells the status webhook, once for all callers. */
    void completeIfDone(String batchId) {
        if (!requests.completeBatchIfDone(batchId)) {
            return;
        }
        var counts = requests.batchCounts(batchId);
        LOG.info("Batch {} complete: {}", batchId, counts);
        if (webhook.enabled()) {
            webhook.batchFinished(batchId, counts);
        }
    }
}
