package io.mailbridge.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Batch requests for {@code POST /api/outbound/batches} with the shipped invoice template. */
public final class InvoiceBatches {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InvoiceBatches() {
    }

    /** A batch of {@code count} invoices from the mailbox, one customer each. */
    public static ObjectNode of(String mailbox, int count) {
        return of(mailbox, null, count);
    }

    /** The same with a {@code requestId}, which mailbridge reads before the items, as it reads the batch as a stream. */
    public static ObjectNode of(String mailbox, String requestId, int count) {
        ObjectNode body = JSON.createObjectNode().put("mailbox", mailbox).put("template", "invoice");
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        ArrayNode items = body.putArray("items");
        for (int i = 0; i < count; i++) {
            ObjectNode item = items.addObject();
            item.putArray("to").add("customer" + i + "@example.test");
            ObjectNode data = item.putObject("data").put("company", "Contoso Ltd");
            data.putObject("customer").put("name", "Customer " + i);
            data.putObject("invoice").put("number", "INV-" + i).put("date", "2026-11-22").put("due", "2026-12-22")
                    .put("amount", "1234.56").put("currency", "EUR");
        }
        return body;
    }
}
