package io.mailbridge.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailbridge.common.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A sample invoice run for the sandbox: three invoices with a PDF each, written into the drop folder as an ERP would,
 * so that the first start shows a batch going out through the outbound route.
 */
public final class SandboxInvoices {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxInvoices.class);
    private static final String[][] CUSTOMERS = {
            {"Northwind Traders", "billing@northwind.sandbox.test", "1280.00"},
            {"Tailspin Toys", "accounts@tailspin.sandbox.test", "349.90"},
            {"Fabrikam Müller & Söhne", "buchhaltung@fabrikam.sandbox.test", "7410.55"}};

    private SandboxInvoices() {
    }

    /** Writes the batch file and its PDFs; returns the batch file's name. */
    public static String drop(Path dropFolder, String mailbox) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try {
            Path pdfs = dropFolder.resolve("sandbox-invoices");
            Files.createDirectories(pdfs);
            ObjectNode batch = Json.MAPPER.createObjectNode();
            batch.put("mailbox", mailbox);
            batch.put("template", "invoice");
            batch.put("requestId", "sandbox-invoices-" + stamp);
            ArrayNode items = batch.putArray("items");
            LocalDate today = LocalDate.now();
            for (int i = 0; i < CUSTOMERS.length; i++) {
                String number = "INV-" + stamp.substring(2, 8) + "-" + (i + 1);
                Files.write(pdfs.resolve(number + ".pdf"), pdf("Invoice " + number + " - " + CUSTOMERS[i][0]
                        .replaceAll("[^\\x20-\\x7e]", "?") + " - EUR " + CUSTOMERS[i][2]));
                ObjectNode item = items.addObject();
                item.putArray("to").add(CUSTOMERS[i][1]);
                ObjectNode data = item.putObject("data");
                data.put("company", "Contoso Sandbox Ltd");
                data.putObject("customer").put("name", CUSTOMERS[i][0]);
                data.putObject("invoice").put("number", number).put("date", today.toString())
                        .put("due", today.plusDays(30).toString()).put("amount", CUSTOMERS[i][2]).put("currency", "EUR");
                item.putArray("attachments").addObject().put("fileName", number + ".pdf")
                        .put("contentType", "application/pdf").put("path", "sandbox-invoices/" + number + ".pdf");
            }
            String name = "sample-invoices-" + stamp + ".json";
            Path temp = dropFolder.resolve(name + ".part");
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), batch);
            // renamed when complete, as an ERP should: the drop folder only picks up *.json
            Files.move(temp, dropFolder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            return name;
        } catch (IOException e) {
            LOG.warn("Could not write the sample invoice batch into {}: {}", dropFolder, e.toString());
            return null;
        }
    }

    /** A one-page PDF showing one line of text. */
    static byte[] pdf(String text) {
        String content = "BT /F1 18 Tf 72 720 Td (" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj ET";
        String[] objects = {
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        write(out, "%PDF-1.4\n");
        for (int i = 0; i < objects.length; i++) {
            offsets.add(out.size());
            write(out, (i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n");
        }
        int xref = out.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (objects.length + 1) + "\n0000000000 65535 f \n");
        offsets.forEach(o -> table.append(String.format("%010d 00000 n \n", o)));
        write(out, table + "trailer\n<< /Size " + (objects.length + 1) + " /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
