package io.mailbridge.mailbox;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which hosts count as loopback, where a credential may travel without TLS. */
class ServerAddressTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, true",
            "127.1.2.3, true",
            "::1, true",
            "[::1], true",
            "0:0:0:0:0:0:0:1, true",
            "localhost, true",
            "LOCALHOST, true",
            "127.evil.example, false",
            "localhost.evil.example, false",
            "evil-localhost, false",
            "127.0.0.1.evil.example, false",
            "10.0.0.1, false",
            "::ffff:10.0.0.1, false",
            "outlook.office365.com, false",
    })
    void loopbackIsLocalhostOrALoopbackAddressLiteralNeverAName(String host, boolean loopback) {
        assertThat(ServerAddress.isLoopback(host)).isEqualTo(loopback);
    }
}
