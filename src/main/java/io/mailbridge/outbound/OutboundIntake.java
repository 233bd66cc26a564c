package io.mailbridge.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.store.StoreException;
import jakarta.jms.JMSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Accepts send requests and batches: validates them completely, fixes each mail's Message-ID, writes the status
 * records and puts the mails on the durable queue. A request is confirmed only once both are done; a refused one
 * leaves nothing behind.
 */
public final class OutboundIntake {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundIntake.class);
    /** Items queued per transaction at most: big enough to be quick, small enough that the broker never holds much. */
    private static final int CHUNK = 100;
    /** The default byte budget of composed MIME per transaction: a hundred mails with 20 MB attachments would be gigabytes. */
    public static final long DEFAULT_CHUNK_BYTES = 32L * 1024 * 1024;

    /** The answer to an accepted request. {@code created} is false when the same requestId was accepted before. */
    public record Accepted(String id, OutboundRequests.Status status, boolean created) {
    }

    public record BatchAccepted(String batchId, int count, boolean created) {
    }

    /** The same requestId was used before for a different request. */
    public static final class RequestIdConflictException extends SendRefusedException {
        public RequestIdConflictException(String message) {
            super(message);
        }

        @Override
        public SendRefusal refusal() {
            return SendRefusal.conflict(getMessage());
        }
    }

    private final SendRequestReader reader;
    private final QueuedMailComposer composer;
    private final BatchFileReader batches;
    private final OutboundRequests requests;
    private final OutboundQueue queue;
    private final BatchCompletion completion;
    private final long chunkBytes;

    /** @param chunkBytes a batch is queued in transactions of at most 100 mails or this many bytes of composed MIME */
    public OutboundIntake(MailboxRegistry mailboxes, SendRequestReader reader, MimeComposer composer, OutboundRequests requests,
                          OutboundQueue queue, BatchCompletion completion, int maxBatchItems, long chunkBytes) {
        this.reader = reader;
        this.composer = new QueuedMailComposer(mailboxes, composer);
        this.batches = new BatchFileReader(reader, this.composer, maxBatchItems);
        this.requests = requests;
        this.queue = queue;
        this.completion = completion;
        this.chunkBytes = chunkBytes;
    }

    /** One request: the body of {@code POST /api/outbound}, or a message from the broker. */
    public Accepted accept(JsonNode body) throws InvalidSendRequestException, RequestIdConflictException, JMSException {
        SendRequest request = reader.read(body);
        String hash = RequestHash.of(body);
        if (request.requestId() != null) {
            Optional<Accepted> earlier = earlier(request, hash);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        String id = UUID.randomUUID().toString();
        String messageId = composer.messageId(id, request.mailbox());
        try {
            requests.insert(new OutboundRequests.NewRequest(id, request.mailbox(), request.requestId(), hash, null, null,
                    messageId, request.subject(), request.recipientCount()));
        } catch (OutboundRequests.RequestIdTakenException e) {
            // the same requestId arrived twice at once and the other one won
            Optional<Accepted> earlier = earlier(request, hash);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            throw new StoreException("cannot record the send request: " + e.getMessage(), e.getCause());
        }
        try {
            queue.enqueue(List.of(new OutboundQueue.QueuedMail(id, request.mailbox(), null, request.recipientCount(),
                    composer.mime(request, messageId))));
        } catch (JMSException | RuntimeException e) {
            // never confirmed, never sent: the record says so rather than waiting for a mail that will not come
            requests.failed(id, "not queued: " + e.getMessage(), 0);
            throw e;
        }
        return new Accepted(id, OutboundRequests.Status.QUEUED, true);
    }

    private Optional<Accepted> earlier(SendRequest request, String hash) throws RequestIdConflictException, JMSException {
        Optional<OutboundRequests.Entry> existing = requests.findByRequestId(request.requestId());
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        OutboundRequests.Entry e = existing.get();
        if (!hash.equals(e.requestHash())) {
            throw new RequestIdConflictException("requestId '" + request.requestId() + "' was already used for a different "
                    + "request (" + e.id() + "); use a new requestId for a new mail");
        }
        if (e.status() == OutboundRequests.Status.QUEUED && e.attempts() == 0) {
            // the first answer may have been lost before the mail reached the queue; queuing it again is harmless,
            // as the broker refuses a second copy with the same id
            queue.enqueue(List.of(new OutboundQueue.QueuedMail(e.id(), e.mailbox(), null, e.recipients(),
                    composer.mime(request, e.messageId()))));
        }
        return Optional.of(new Accepted(e.id(), e.status(), false));
    }

    /**
     * A batch (an invoice run) from a JSON file: the API's request body spooled to disk, or a file in the drop folder.
     * The file is read twice, item by item ({@link BatchFileReader}): first every item is checked, then queued, so a
     * batch with one bad item queues nothing, and no stage holds more than one item (and one chunk of composed mails)
     * in memory. Files the items refer to are read in the first pass only; the second sends those same bytes.
     *
     * @param files the files of the drop folder, which item attachments may name by path; null for the API
     */
    public BatchAccepted acceptBatch(Path file, DropFolderFiles files, String source)
            throws InvalidSendRequestException, RequestIdConflictException, IOException, JMSException {
        BatchFileReader.Header header = batches.check(file, files);
        if (files != null) {
            files.seal();
        }
        Optional<OutboundRequests.Batch> existing = header.requestId == null ? Optional.empty()
                : requests.findBatchByRequestId(header.requestId);
        String batchId;
        Set<String> recorded = new HashSet<>();
        if (existing.isPresent()) {
            OutboundRequests.Batch b = existing.get();
            if (!header.hash.equals(b.requestHash())) {
                throw new RequestIdConflictException("requestId '" + header.requestId + "' was already used for a different "
                        + "batch (" + b.batchId() + "); use a new requestId for a new batch");
            }
            if (b.accepted()) {
                return new BatchAccepted(b.batchId(), b.itemCount(), false);
            }
            // the first attempt stopped half way: queue the rest; items queued before are dropped by the broker
            batchId = b.batchId();
            recorded.addAll(requests.itemIds(batchId));
            LOG.info("Batch {} (requestId {}) resumed: {} of {} items were recorded before", batchId, header.requestId,
                    recorded.size(), header.count);
        } else {
            batchId = UUID.randomUUID().toString();
            try {
                requests.insertBatch(new OutboundRequests.Batch(batchId, header.mailbox, header.requestId, header.hash,
                        header.template, source, header.count, false, Instant.now(), null));
            } catch (OutboundRequests.RequestIdTakenException e) {
                throw new RequestIdConflictException("batch requestId '" + header.requestId + "' is being accepted "
                        + "right now by another request; ask for its status in a moment");
            }
        }
        Queuing queuing = new Queuing(batchId, header, recorded);
        batches.queue(file, files, header, queuing);
        queuing.flush();
        requests.batchAccepted(batchId);
        // every item may have been final before the batch counted as accepted; then no item's sender completes it
        completion.completeIfDone(batchId);
        LOG.info("Batch {} accepted from {}: {} mails from {}", batchId, source, header.count, header.mailbox);
        return new BatchAccepted(batchId, header.count, true);
    }

    /** Puts the items of a checked batch on the queue, a chunk at a time. */
    private final class Queuing implements BatchFileReader.Items<JMSException> {
        private final String batchId;
        private final BatchFileReader.Header header;
        private final Set<String> recorded;
        private final BatchChunk chunk = new BatchChunk(CHUNK, chunkBytes);

        Queuing(String batchId, BatchFileReader.Header header, Set<String> recorded) {
            this.batchId = batchId;
            this.header = header;
            this.recorded = recorded;
        }

        @Override
        public void add(int index, SendRequest item) throws JMSException {
            String id = batchId + "-" + index;
            String messageId = composer.messageId(id, header.mailbox);
            OutboundRequests.NewRequest record = recorded.contains(id) ? null : new OutboundRequests.NewRequest(id,
                    header.mailbox, null, null, batchId, index, messageId, item.subject(), item.recipientCount());
            if (chunk.add(record, new OutboundQueue.QueuedMail(id, header.mailbox, batchId, item.recipientCount(),
                    composer.mime(item, messageId)))) {
                flush();
            }
        }

        void flush() throws JMSException {
            if (chunk.isEmpty()) {
                return;
            }
            // records first: a queued mail is only ever sent with its record in place
            requests.insertItems(chunk.records());
            LOG.debug("Batch {}: queuing {} mails, {} bytes", batchId, chunk.mails().size(), chunk.bytes());
            queue.enqueue(chunk.mails());
            chunk.clear();
        }
    }
}
