package io.mailbridge.diagnosis;

import io.mailbridge.mailbox.ServerAddress;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The network links of a connection test: the servers' names resolve, their ports answer, their TLS is trusted. */
final class NetworkCheck {

    private final Duration timeout;
    private final SSLSocketFactory tlsSockets;

    NetworkCheck(Duration timeout, SSLSocketFactory tlsSockets) {
        this.timeout = timeout;
        this.tlsSockets = tlsSockets;
    }

    static String dns(List<ServerAddress> servers) throws BrokenLink {
        List<String> found = new ArrayList<>();
        for (ServerAddress s : servers) {
            try {
                InetAddress[] addresses = InetAddress.getAllByName(s.host());
                found.add(s.host() + " -> " + Arrays.stream(addresses).map(InetAddress::getHostAddress).toList());
            } catch (UnknownHostException e) {
                throw new BrokenLink("cannot resolve " + s.host(), "dns-unresolvable", "Check the host name in "
                        + "mailbridge.mailboxes.<id>." + base(s) + " (Microsoft 365: outlook.office365.com for IMAP, "
                        + "smtp.office365.com for SMTP) and this machine's DNS.");
            }
        }
        return String.join("; ", found);
    }

    String tcp(List<ServerAddress> servers) throws BrokenLink {
        List<String> reached = new ArrayList<>();
        for (ServerAddress s : servers) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(s.host(), s.port()), (int) timeout.toMillis());
                reached.add(s.host() + ":" + s.port());
            } catch (ConnectException e) {
                throw new BrokenLink(s.host() + ":" + s.port() + " refused the connection", "connection-refused", "Check the "
                        + "port in mailbridge.mailboxes.<id>." + base(s) + " (Microsoft 365: imaps 993, smtp 587 with STARTTLS).");
            } catch (SocketTimeoutException e) {
                throw new BrokenLink(s.host() + ":" + s.port() + " did not answer within " + timeout.toSeconds() + " s",
                        "unreachable", "A firewall or proxy drops the connection: allow outgoing connections to " + s.host()
                        + ":" + s.port() + " (some networks block SMTP ports).");
            } catch (IOException e) {
                throw new BrokenLink(s.host() + ":" + s.port() + ": " + e.getMessage(), "unreachable",
                        "Check the network path to " + s.host() + ":" + s.port() + ".");
            }
        }
        return "reached " + String.join(", ", reached);
    }

    String tls(String mailboxId, List<ServerAddress> servers) throws BrokenLink {
        List<String> checked = new ArrayList<>();
        for (ServerAddress s : servers) {
            if (!s.protocol().endsWith("s")) {
                checked.add(s.host() + ": " + (ServerAddress.isLoopback(s.host()) ? "plain (loopback)" : "STARTTLS, required at sign-in"));
                continue;
            }
            try {
                checked.add(s.host() + ": " + handshake(s, true).getProtocol());
            } catch (SSLException e) {
                List<String> names = namesOfTrustedCertificate(s);
                if (names != null) {
                    throw new BrokenLink(s.host() + ":" + s.port() + ": the server's certificate is trusted but names " + names
                            + ", not " + s.host(), "tls-name-mismatch", "Set mailbridge.mailboxes." + mailboxId + "."
                            + base(s) + " to a host name the certificate names (" + String.join(", ", names) + "), or give "
                            + "the server a certificate for " + s.host() + ". mailbridge never signs in to a server whose "
                            + "certificate names another host.");
                }
                throw new BrokenLink(s.host() + ":" + s.port() + ": " + e.getMessage(), "tls-failed", "The server's certificate "
                        + "is not trusted by this Java, or the port does not speak TLS. Behind a TLS-inspecting proxy, add "
                        + "its CA to the Java trust store (-Djavax.net.ssl.trustStore=...).");
            } catch (IOException e) {
                throw new BrokenLink(s.host() + ":" + s.port() + ": " + e.getMessage(), "tls-failed", "Check the port: implicit "
                        + "TLS is imaps 993 and smtps 465.");
            }
        }
        return String.join("; ", checked);
    }

    /** A TLS handshake with the server, checking its certificate's trust and, when asked, that it names the host. */
    private SSLSession handshake(ServerAddress s, boolean checkHostName) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(s.host(), s.port()), (int) timeout.toMillis());
            try (SSLSocket socket = (SSLSocket) tlsSockets.createSocket(plain, s.host(), s.port(), true)) {
                if (checkHostName) {
                    SSLParameters parameters = socket.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    socket.setSSLParameters(parameters);
                }
                socket.setSoTimeout((int) timeout.toMillis());
                socket.startHandshake();
                return socket.getSession();
            }
        } finally {
            plain.close();
        }
    }

    /**
     * The host names and addresses in the server's certificate when it is trusted apart from its names, else null: a
     * second handshake tells a certificate for another host from an untrusted one.
     */
    private List<String> namesOfTrustedCertificate(ServerAddress s) {
        try {
            X509Certificate certificate = (X509Certificate) handshake(s, false).getPeerCertificates()[0];
            List<String> names = new ArrayList<>();
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> name : certificate.getSubjectAlternativeNames()) {
                    int type = (Integer) name.get(0);
                    if (type == 2 || type == 7) { // dNSName, iPAddress
                        names.add(String.valueOf(name.get(1)));
                    }
                }
            }
            if (names.isEmpty()) {
                names.add(certificate.getSubjectX500Principal().getName());
            }
            return names;
        } catch (IOException | CertificateParsingException e) {
            return null;
        }
    }

    private static String base(ServerAddress s) {
        return s.protocol().replaceAll("s$", "");
    }
}
