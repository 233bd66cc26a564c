package io.mailbridge.diagnosis;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Predicate;

/**
 * Marks the mail a connection test sends to its own mailbox, so that inbound routes leave it for the test to find
 * and delete instead of delivering it to the ERP. The mark is signed with a key of this process, so a sender cannot
 * hide a real mail from the ERP by copying the header.
 */
public final class TestMailMarker implements Predicate<Message> {

    public static final String HEADER = "X-Mailbridge-Connection-Test";

    private final byte[] key = new byte[32];

    public TestMailMarker() {
        new SecureRandom().nextBytes(key);
    }

    public String mark(String nonce) {
        return nonce + "." + sign(nonce);
    }

    /** Whether the mail carries a mark made by this process. */
    @Override
    public boolean test(Message message) {
        try {
            String[] values = message.getHeader(HEADER);
            if (values == null || values.length != 1) {
                return false;
            }
            int dot = values[0].indexOf('.');
            return dot > 0 && MessageDigest.isEqual(values[0].substring(dot + 1).trim().getBytes(StandardCharsets.US_ASCII),
                    sign(values[0].substring(0, dot)).getBytes(StandardCharsets.US_ASCII));
        } catch (MessagingException e) {
            return false;
        }
    }

    private String sign(String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(nonce.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
