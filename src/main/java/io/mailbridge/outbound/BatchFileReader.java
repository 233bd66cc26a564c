package io.mailbridge.outbound;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.mailbridge.common.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Set;
import java.util.TreeSet;

/** Reads a batch file as a stream, one item at a time, however long the batch: once to check it, once to queue it. */
final class BatchFileReader {

    private static final Set<String> BATCH_FIELDS = Set.of("mailbox", "template", "requestId", "items");

    /** What a batch file gives before its items; the item count and the file's hash once it has been checked. */
    static final class Header {
        String mailbox;
        String template;
        String requestId;
        String hash;
        int count;
    }

    /** Takes the items of a batch in order, as they are read. */
    interface Items<E extends Exception> {
        void add(int index, SendRequest item) throws InvalidSendRequestException, E;
    }

    private final SendRequestReader reader;
    private final QueuedMailComposer composer;
    private final int maxBatchItems;

    BatchFileReader(SendRequestReader reader, QueuedMailComposer composer, int maxBatchItems) {
        this.reader = reader;
        this.composer = composer;
        this.maxBatchItems = maxBatchItems;
    }

    /**
     * Checks every item, composing each once, so that the queuing pass cannot fail on the request.
     *
     * @param files the files of the drop folder, which item attachments may name by path; null for the API
     * @return the header, with the item count and the file's hash
     */
    Header check(Path file, DropFolderFiles files) throws InvalidSendRequestException, IOException {
        Header header = new Header();
        header.hash = read(file, files, header, (index, item) -> composer.check(item));
        return header;
    }

    /** Reads a checked batch again, handing each item over; files the items name are those the check read. */
    <E extends Exception> void queue(Path file, DropFolderFiles files, Header header, Items<E> items)
            throws InvalidSendRequestException, IOException, E {
        read(file, files, header, items);
    }

    /** @return the SHA-256 of the whole file */
    private <E extends Exception> String read(Path file, DropFolderFiles files, Header header, Items<E> items)
            throws InvalidSendRequestException, IOException, E {
        MessageDigest digest = RequestHash.digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest);
             JsonParser parser = Json.MAPPER.getFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidSendRequestException(null, "a batch must be a JSON object with mailbox, template and items");
            }
            boolean seenItems = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (!BATCH_FIELDS.contains(field)) {
                    throw new InvalidSendRequestException(field, "is not a known batch field; known fields: "
                            + new TreeSet<>(BATCH_FIELDS));
                }
                if (field.equals("items")) {
                    if (header.mailbox == null) {
                        throw new InvalidSendRequestException("mailbox", "is missing, or comes after items: put mailbox, "
                                + "template and requestId before items, so that items can be checked as they are read");
                    }
                    header.count = readItems(parser, files, header, items);
                    seenItems = true;
                } else if (seenItems) {
                    throw new InvalidSendRequestException(field, "comes after items: put it before items");
                } else {
                    readHeaderField(parser, field, header);
                }
            }
            if (!seenItems) {
                throw new InvalidSendRequestException("items", "is missing: a batch needs an array of items");
            }
            while (in.read() >= 0) {
                // the hash covers the whole file
            }
        } catch (JsonParseException e) {
            throw new InvalidSendRequestException(null, "the batch is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        return RequestHash.hex(digest.digest());
    }

    private void readHeaderField(JsonParser parser, String field, Header header)
            throws IOException, InvalidSendRequestException {
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

    /** @return the number of items */
    private <E extends Exception> int readItems(JsonParser parser, DropFolderFiles files, Header header, Items<E> items)
            throws IOException, InvalidSendRequestException, E {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new InvalidSendRequestException("items", "must be an array");
        }
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (index >= maxBatchItems) {
                throw new InvalidSendRequestException("items", "more than " + maxBatchItems + " items; split the batch "
                        + "(mailbridge.outbound.max-batch-items)");
            }
            JsonNode node = parser.readValueAsTree();
            try {
                if (node != null && node.isObject()) {
                    SendRequestReader.checkFields(node, SendRequestReader.ITEM_FIELDS, null);
                }
                items.add(index, reader.item(node, header.mailbox, header.template, null, files));
            } catch (InvalidSendRequestException e) {
                throw e.within("items[" + index + "]");
            }
            index++;
        }
        if (index == 0) {
            throw new InvalidSendRequestException("items", "is empty");
        }
        return index;
    }
}
