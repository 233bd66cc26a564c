package io.mailbridge.mailbox;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class NoDelaySocketsTest {

    @Test
    void everyMailProtocolConnectsThroughSocketsWithoutNaglesDelay() throws Exception {
        for (String protocol : new String[] {"imap", "imaps", "smtp", "smtps"}) {
            Properties props = MailProperties.signIn(new Properties(), protocol, "mail.example.test", true);
            Object factory = props.get("mail." + protocol + ".socketFactory");
            assertThat(factory).as(protocol).isSameAs(NoDelaySockets.INSTANCE);
            // a text property would be ignored by Jakarta Mail as a factory, and read as a class name instead
            assertThat(props.getProperty("mail." + protocol + ".socketFactory")).isNull();
        }
    }

    @Test
    void socketsUnconnectedOrConnectedHaveNoDelaySet() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             Socket unconnected = NoDelaySockets.INSTANCE.createSocket();
             Socket connected = NoDelaySockets.INSTANCE.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            assertThat(unconnected.getTcpNoDelay()).isTrue();
            assertThat(connected.getTcpNoDelay()).isTrue();
            assertThat(connected.isConnected()).isTrue();
        }
    }
}
