package io.mailbridge.bench;

import io.mailbridge.support.RunningApp;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;

/**
 * One message with a 50 MB attachment, delivered by mailbridge running in its own JVM with {@code -Xmx256m}: the
 * document is streamed from IMAP through a file to the ERP, never held whole in memory.
 */
public final class InboundMemoryBench {

    private static final int ATTACHMENT_BYTES = 50 * 1024 * 1024;

    public static void main(String[] args) throws Exception {
        try (BenchServers servers = new BenchServers()) {
            byte[] pdf = new byte[ATTACHMENT_BYTES];
            new Random(42).nextBytes(pdf);
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
            m.setFrom(new InternetAddress("supplier@example.test"));
            m.setRecipients(Message.RecipientType.TO, BenchServers.ADDRESS);
            m.setSubject("Scanned invoices, 50 MB");
            MimeMultipart mixed = new MimeMultipart();
            MimeBodyPart text = new MimeBodyPart();
            text.setText("The scans are attached.", "UTF-8");
            mixed.addBodyPart(text);
            MimeBodyPart attachment = new MimeBodyPart();
            attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(pdf, "application/pdf")));
            attachment.setFileName("scans.pdf");
            mixed.addBodyPart(attachment);
            m.setContent(mixed);
            m.saveChanges();
            servers.mail.deliver(BenchServers.ADDRESS, m);
            pdf = null;

            Path home = Files.createTempDirectory("mailbridge-memory-bench");
            Path config = RunningApp.writeConfig(home, servers.settings(home, RunningApp.freePort()));
            long start = System.nanoTime();
            long peakRssMb;
            double seconds;
            boolean alive;
            try (MailbridgeProcess child = new MailbridgeProcess(home, config, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError")) {
                while (servers.keys.isEmpty() && child.isAlive() && System.nanoTime() - start < 300_000_000_000L) {
                    child.sample();
                    Thread.sleep(100);
                }
                peakRssMb = child.peakRssMb();
                seconds = (System.nanoTime() - start) / 1e9;
                alive = child.isAlive();
            }
            if (servers.keys.isEmpty()) {
                System.out.println("FAILED: nothing delivered; mailbridge " + (alive ? "still running" : "exited")
                        + "; log: " + home.resolve("mailbridge.log"));
                System.exit(1);
            }
            System.out.printf("inbound memory: 1 message with a %d MB attachment delivered with -Xmx256m in %.1f s "
                            + "(incl. JVM start); document %d MB; mailbridge peak RSS %d MB%n", ATTACHMENT_BYTES >> 20, seconds,
                    servers.bytes.get() >> 20, peakRssMb);
            RunningApp.deleteRecursively(home);
        }
        System.exit(0);
    }
}
