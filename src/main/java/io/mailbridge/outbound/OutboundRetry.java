package io.mailbridge.outbound;

import jakarta.jms.JMSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.NoSuchElementException;

/**
 * Sends a failed request again, for when its cause is fixed (the recipient's address corrected on their side, the
 * mailbox allowed to send): its copy moves from the dead-letter queue back onto the send queue, with the same
 * Message-ID, and its attempts count afresh.
 */
public final class OutboundRetry {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundRetry.class);

    /** Why the request cannot be retried; nothing was changed. */
    public static final class RetryRefusedException extends Exception {
        public RetryRefusedException(String message) {
            super(message, null, false, false);
        }
    }

    private final OutboundRequests requests;
    private final OutboundQueue queue;

    public OutboundRetry(OutboundRequests requests, OutboundQueue queue) {
        this.requests = requests;
        this.queue = queue;
    }

    /** @throws NoSuchElementException when there is no such request */
    public void retry(String id) throws RetryRefusedException, JMSException {
        OutboundRequests.Entry entry = requests.find(id).orElseThrow();
        // the record first: were the process to stop after the copy moved, the mail must find its record not final
        if (!requests.requeue(id, "sent again on request after: " + entry.lastReply())) {
            throw new RetryRefusedException("request " + id + " is " + entry.status().label() + "; only failed requests can be retried");
        }
        boolean moved;
        try {
            moved = queue.requeueFromDeadLetters(id);
        } catch (JMSException | RuntimeException e) {
            requests.unqueue(id, entry.lastReply());
            throw e;
        }
        if (!moved) {
            requests.unqueue(id, entry.lastReply());
            throw new RetryRefusedException("request " + id + " has no copy on the dead-letter queue " + OutboundQueue.DEAD
                    + " (it failed before it was queued, or the copy was removed); send it again as a new request");
        }
        LOG.info("Failed request {} is queued again (last reply: {})", id, entry.lastReply());
    }
}
