package io.mailbridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailbridge.oauth.MsalAuthorityClient;
import io.mailbridge.support.MailFolders;
import io.mailbridge.support.RunningApp;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;

/**
 * Messages per second from a local IMAP server (XOAUTH2) to a local ERP sink: mailbridge's shipped inbound route
 * against a plain Jakarta Mail loop that fetches the same kind of messages, posts them with a plain HTTP client and
 * moves them to Processed, in the same JVM and run.
 */
public final class InboundThroughputBench {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (BenchServers servers = new BenchServers()) {
            deliver(servers, count, "baseline");
            double baseline = baseline(servers, count);
            deliver(servers, count, "mailbridge");
            double mailbridge = mailbridge(servers, count);
            System.out.printf("inbound throughput, %d small messages: baseline %.1f msg/s, mailbridge %.1f msg/s, ratio %.2f%n",
                    count, baseline, mailbridge, mailbridge / baseline);
        }
        System.exit(0);
    }

    private static void deliver(BenchServers servers, int count, String tag) throws Exception {
        Session session = Session.getInstance(new Properties());
        for (int i = 1; i <= count; i++) {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("supplier@example.test", "Supplier"));
            m.setRecipients(Message.RecipientType.TO, BenchServers.ADDRESS);
            m.setSubject(tag + " invoice " + i);
            m.setText("Invoice " + i + " for 1,234.56 EUR, due in 30 days. Kind regards, Supplier", "UTF-8");
            servers.mail.deliver(BenchServers.ADDRESS, m);
        }
    }

    /** The plain loop: fetch, turn into JSON, POST, move; one connection, nothing else. */
    private static double baseline(BenchServers servers, int count) throws Exception {
        String token = new MsalAuthorityClient(servers.authority.trustForClient()).clientCredentials(servers.authority.client()).accessToken();
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        long start = System.nanoTime();
        Properties props = new Properties();
        props.put("mail.imap.auth.mechanisms", "XOAUTH2");
        Store store = Session.getInstance(props).getStore("imap");
        store.connect("127.0.0.1", servers.mail.imapPort(), BenchServers.ADDRESS, token);
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        Folder processed = store.getFolder("Processed");
        if (!processed.exists()) {
            processed.create(Folder.HOLDS_MESSAGES);
        }
        Message[] messages = inbox.getMessages();
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        inbox.fetch(messages, profile);
        for (Message message : messages) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            message.writeTo(raw);
            ObjectNode doc = json.createObjectNode();
            doc.put("subject", message.getSubject());
            doc.put("from", message.getFrom()[0].toString());
            doc.put("raw", Base64.getEncoder().encodeToString(raw.toByteArray()));
            HttpResponse<Void> reply = http.send(HttpRequest.newBuilder(URI.create(servers.sinkUrl()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(doc))).build(), HttpResponse.BodyHandlers.discarding());
            if (reply.statusCode() / 100 != 2) {
                throw new IllegalStateException("sink answered " + reply.statusCode());
            }
            inbox.copyMessages(new Message[] {message}, processed);
            message.setFlag(Flags.Flag.DELETED, true);
        }
        inbox.close(true);
        store.close();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (messages.length != count) {
            throw new IllegalStateException("baseline saw " + messages.length + " messages");
        }
        return count / seconds;
    }

    /** mailbridge with the shipped inbound route, from the moment it has started until every document arrived. */
    private static double mailbridge(BenchServers servers, int count) throws Exception {
        Path home = Files.createTempDirectory("mailbridge-bench");
        int port = RunningApp.freePort();
        try (RunningApp app = RunningApp.start(home, servers.settings(home, port), port)) {
            long start = System.nanoTime();
            while (servers.keys.size() < count || inboxCount(servers) > 0) {
                Thread.sleep(20);
                if (System.nanoTime() - start > 600_000_000_000L) {
                    throw new IllegalStateException("mailbridge delivered only " + servers.keys.size());
                }
            }
            return count / ((System.nanoTime() - start) / 1e9);
        } finally {
            RunningApp.deleteRecursively(home);
        }
    }

    private static long inboxCount(BenchServers servers) {
        return MailFolders.subjects(servers.mail.greenMail(), BenchServers.ADDRESS, "INBOX").size();
    }
}
