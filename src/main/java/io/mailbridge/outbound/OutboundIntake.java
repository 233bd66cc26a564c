package io.mailbridge.outbound;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.mailbridge.common.Json;
import io.mailbridge.mailbox.MailboxRegistry;
import io.mailbridge.store.Sql;
import jakarta.jms.JMSException;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashSet;
import java.util.HexFormat;
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
    private static final Set<String> BATCH_FIELDS = Set.of("mailbox", "template", "requestId", "items");
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
    public static final class RequestIdConflictException extends Exception {
        public RequestIdConflictException(String message) {
            super(message, null, false, false);
        }
    }

    private final MailboxRegistry mailboxes;
    private final SendRequestReader reader;
    private final MimeComposer composer;
    private final OutboundRequests requests;
    private final OutboundQueue queue;
    private final int maxBatchItems;
    private final long chunkBytes;

    /** @param chunkBytes a batch is queued in transactions of at most 100 mails or this many bytes of composed MIME */
    public OutboundIntake(MailboxRegistry mailboxes, SendRequestReader reader, MimeComposer composer, OutboundRequests requests,
                          OutboundQueue queue, int maxBatchItems, long chunkBytes) {
        this.mailboxes = mailboxes;
        this.reader = reader;
        this.composer = composer;
        this.requests = requests;
        this.queue = queue;
        this.maxBatchItems = maxBatchItems;
        this.chunkBytes = chunkBytes;
    }

    /** One request ({@code POST /api/outbound}). */
    public Accepted accept(JsonNode body) throws InvalidSendRequestException, RequestIdConflictException, JMSException {
        SendRequest request = reader.read(body);
        String hash = sha256(body);
        if (request.requestId() != null) {
            Optional<Accepted> earlier = earlier(request, hash, body);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        String id = UUID.randomUUID().toString();
        String messageId = MimeComposer.messageId(id, address(request.mailbox()));
        OutboundRequests.NewRequest record = new OutboundRequests.NewRequest(id, request.mailbox(), request.requestId(), hash,
                null, null, messageId, request.subject(), request.recipientCount());
        try (Connection c = requests.dataSource().getConnection()) {
            requests.insert(c, List.of(record));
        } catch (SQLException e) {
            if (request.requestId() != null && Sql.isDuplicateKey(e)) {
                // the same requestId arrived twice at once and the other one won
                Optional<Accepted> earlier = earlier(request, hash, body);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            throw new io.mailbridge.store.StoreException("cannot record the send request: " + e.getMessage(), e);
        }
        try {
            enqueue(List.of(new OutboundQueue.QueuedMail(id, request.mailbox(), null, request.recipientCount(), mime(request, messageId))));
        } catch (JMSException | RuntimeException e) {
            // never confirmed, never sent: the record says so rather than waiting for a mail that will not come
            requests.failed(id, "not queued: " + e.getMessage(), 0);
            throw e;
        }
        return new Accepted(id, OutboundRequests.Status.QUEUED, true);
    }

    private Optional<Accepted> earlier(SendRequest request, String hash, JsonNode body)
            throws RequestIdConflictException, JMSException {
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
            enqueue(List.of(new OutboundQueue.QueuedMail(e.id(), e.mailbox(), null, e.recipients(), mime(request, e.messageId()))));
        }
        return Optional.of(new Accepted(e.id(), e.status(), false));
    }

    /**
     * A batch (an invoice run) from a JSON file: the API's request body spooled to disk, or a file in the drop folder.
     * The file is read twice, item by item: first every item is checked, then queued, so a batch with one bad item
     * queues nothing, and no stage holds more than one item (and one chunk of composed mails) in memory. Files the
     * items refer to are read in the first pass only; the second sends those same bytes.
     *
     * @param files the files of the drop folder, which item attachments may name by path; null for the API
     */
    public BatchAccepted acceptBatch(Path file, DropFolderFiles files, String source)
            throws InvalidSendRequestException, RequestIdConflictException, IOException, JMSException {
        BatchHeader header = readBatch(file, files, null);
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
            try (Connection c = requests.dataSource().getConnection()) {
                requests.insertBatch(c, new OutboundRequests.Batch(batchId, header.mailbox, header.requestId, header.hash,
                        header.template, source, header.count, false, java.time.Instant.now(), null));
            } catch (SQLException e) {
                if (header.requestId != null && Sql.isDuplicateKey(e)) {
                    throw new RequestIdConflictException("batch requestId '" + header.requestId + "' is being accepted "
                            + "right now by another request; ask for its status in a moment");
                }
                throw new io.mailbridge.store.StoreException("cannot record the batch: " + e.getMessage(), e);
            }
        }
        readBatch(file, files, new Queuing(batchId, header, recorded));
        requests.batchAccepted(batchId);
        // every item may have been sent before the batch counted as accepted; then no item completes it
        requests.completeBatchIfDone(batchId);
        LOG.info("Batch {} accepted from {}: {} mails from {}", batchId, source, header.count, header.mailbox);
        return new BatchAccepted(batchId, header.count, true);
    }

    private static final class BatchHeader {
        String mailbox;
        String template;
        String requestId;
        String hash;
        int count;
    }

    /** Puts the items of a checked batch on the queue, a chunk at a time. */
    private final class Queuing {
        private final String batchId;
        private final BatchHeader header;
        private final Set<String> recorded;
        private final BatchChunk chunk = new BatchChunk(CHUNK, chunkBytes);

        Queuing(String batchId, BatchHeader header, Set<String> recorded) {
            this.batchId = batchId;
            this.header = header;
            this.recorded = recorded;
        }

        void add(int index, SendRequest item) throws JMSException {
            String id = batchId + "-" + index;
            String messageId = MimeComposer.messageId(id, address(header.mailbox));
            OutboundRequests.NewRequest record = recorded.contains(id) ? null : new OutboundRequests.NewRequest(id,
                    header.mailbox, null, null, batchId, index, messageId, item.subject(), item.recipientCount());
            if (chunk.add(record, new OutboundQueue.QueuedMail(id, header.mailbox, batchId, item.recipientCount(),
                    mime(item, messageId)))) {
                flush();
            }
        }

        void flush() throws JMSException {
            if (chunk.isEmpty()) {
                return;
            }
            // records first: a queued mail is only ever sent with its record in place
            try (Connection c = requests.dataSource().getConnection()) {
                requests.insert(c, chunk.records());
            } catch (SQLException e) {
                throw new io.mailbridge.store.StoreException("cannot record batch items: " + e.getMessage(), e);
            }
            LOG.debug("Batch {}: queuing {} mails, {} bytes", batchId, chunk.mails().size(), chunk.bytes());
            enqueue(chunk.mails());
            chunk.clear();
        }
    }

    /**
     * Reads a batch file. Without {@code queuing} it checks every item and returns the header with the item count and
     * the file's hash; with it, it queues every item.
     */
    private BatchHeader readBatch(Path file, DropFolderFiles files, Queuing queuing)
            throws InvalidSendRequestException, IOException, JMSException {
        BatchHeader header = queuing == null ? new BatchHeader() : queuing.header;
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest);
             JsonParser parser = Json.MAPPER.getFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidSendRequestException(null, "a batch must be a JSON object with mailbox, template and items");
            }
            boolean items = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (!BATCH_FIELDS.contains(field)) {
                    throw new InvalidSendRequestException(field, "is not a known batch field; known fields: "
                            + new java.util.TreeSet<>(BATCH_FIELDS));
                }
                if (field.equals("items")) {
                    if (header.mailbox == null) {
                        throw new InvalidSendRequestException("mailbox", "is missing, or comes after items: put mailbox, "
                                + "template and requestId before items, so that items can be checked as they are read");
                    }
                    readItems(parser, files, header, queuing);
                    items = true;
                } else if (items) {
                    throw new InvalidSendRequestException(field, "comes after items: put it before items");
                } else {
                    JsonNode value = parser.readValueAsTree();
                    switch (field) {
                        case "mailbox" -> header.mailbox = reader.mailbox(value, "mailbox");
                        case "template" -> {
                            header.template = value.isTextual() ? value.textValue() : null;
                            if (header.template == null) {
                                throw new InvalidSendRequestException("template", "must be the name of a template");
                            }
                            reader.checkTemplate(header.template, "template");
                        }
                        default -> header.requestId = SendRequestReader.optionalRequestId(Json.MAPPER.createObjectNode()
                                .set("requestId", value), "requestId");
                    }
                }
            }
            if (!items) {
                throw new InvalidSendRequestException("items", "is missing: a batch needs an array of items");
            }
            while (in.read() >= 0) {
                // the hash covers the whole file
            }
        } catch (JsonParseException e) {
            throw new InvalidSendRequestException(null, "the batch is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        if (queuing == null) {
            header.hash = HexFormat.of().formatHex(digest.digest());
        } else {
            queuing.flush();
        }
        return header;
    }

    private void readItems(JsonParser parser, DropFolderFiles files, BatchHeader header, Queuing queuing)
            throws IOException, InvalidSendRequestException, JMSException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidSendRequestException("items", "must be an array");
        }
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String at = "items[" + index + "]";
            if (index >= maxBatchItems) {
                throw new InvalidSendRequestException("items", "more than " + maxBatchItems + " items; split the batch "
                        + "(mailbridge.outbound.max-batch-items)");
            }
            JsonNode node = parser.readValueAsTree();
            SendRequest item;
            try {
                if (node != null && node.isObject()) {
                    SendRequestReader.checkFields(node, SendRequestReader.ITEM_FIELDS, null);
                }
                item = reader.item(node, header.mailbox, header.template, null, files);
                if (queuing == null) {
                    // composed once without keeping it, so that a file that cannot be read fails the check, not the queuing
                    mime(item, "<check@mailbridge>", OutputStream.nullOutputStream());
                }
            } catch (InvalidSendRequestException e) {
                throw e.within(at);
            }
            if (queuing != null) {
                queuing.add(index, item);
            }
            index++;
        }
        if (index == 0) {
            throw new InvalidSendRequestException("items", "is empty");
        }
        header.count = index;
    }

    /**
     * Puts mails on the queue in one transaction. Some may be there already (a request or batch sent again after a
     * lost answer, or the same request twice at once): the broker then refuses the whole transaction, and the mails
     * go again one per transaction, each one queued before being left out. A resumed batch may cut its chunks at
     * other items than the first attempt (they end by bytes, and a mail's size varies with its date), so a refused
     * chunk says nothing about which of its mails were queued.
     */
    private void enqueue(List<OutboundQueue.QueuedMail> mails) throws JMSException {
        if (!enqueueOrFindDuplicate(mails) || mails.size() == 1) {
            return;
        }
        int before = 0;
        for (OutboundQueue.QueuedMail mail : mails) {
            before += enqueueOrFindDuplicate(List.of(mail)) ? 1 : 0;
        }
        LOG.debug("{} of {} mail(s) from {} on were queued before", before, mails.size(), mails.get(0).id());
    }

    /** @return whether the broker refused the transaction because a mail in it was queued before */
    private boolean enqueueOrFindDuplicate(List<OutboundQueue.QueuedMail> mails) throws JMSException {
        try (OutboundQueue.Sending sending = queue.begin()) {
            try {
                for (OutboundQueue.QueuedMail mail : mails) {
                    sending.send(mail);
                }
                sending.commit();
                return false;
            } catch (JMSException e) {
                sending.rollback();
                if (!OutboundQueue.isDuplicate(e)) {
                    throw e;
                }
                return true;
            } catch (RuntimeException e) {
                sending.rollback();
                throw e;
            }
        }
    }

    private byte[] mime(SendRequest request, String messageId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            mime(request, messageId, out);
        } catch (InvalidSendRequestException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private void mime(SendRequest request, String messageId, OutputStream out) throws InvalidSendRequestException {
        try {
            composer.write(request, address(request.mailbox()), messageId, out);
        } catch (MessagingException | IOException e) {
            throw new InvalidSendRequestException("attachments", "the mail cannot be composed: " + e.getMessage());
        }
    }

    private String address(String mailbox) {
        return mailboxes.mailbox(mailbox).orElseThrow().address();
    }

    private static String sha256(JsonNode body) {
        try {
            return HexFormat.of().formatHex(sha256().digest(Json.MAPPER.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
