package io.mailbridge.inbound;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The .eml fixtures under src/test/resources/mime and the documents the writer makes of them. */
final class MimeFixtures {

    // a large attachment's content is a longer string than Jackson reads by default
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(100_000_000).build())
            .build());

    private MimeFixtures() {
    }

    static MimeMessage load(String fixture) throws Exception {
        try (InputStream in = MimeFixtures.class.getResourceAsStream("/mime/" + fixture)) {
            assertThat(in).as("fixture " + fixture).isNotNull();
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    static JsonNode write(MimeMessage message, MimeLimits limits, MailOrigin origin) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MailDocumentWriter(limits).write(message, origin, out);
        return JSON.readTree(out.toByteArray());
    }
}
