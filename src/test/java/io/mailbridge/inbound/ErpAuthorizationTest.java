package io.mailbridge.inbound;

import com.nimbusds.jwt.SignedJWT;
import io.mailbridge.mailbox.Secret;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErpAuthorizationTest {

    private static Exchange exchange() {
        return new DefaultExchange(new DefaultCamelContext());
    }

    @Test
    void basicCredentialsAreEncodedAsRfc7617Says() throws Exception {
        ErpAuthorization auth = ErpAuthorization.basic("mailbridge", Secret.of("pä:ss"));
        Exchange exchange = exchange();
        auth.apply(exchange);
        assertThat(exchange.getMessage().getHeader("Authorization", String.class))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("mailbridge:pä:ss".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oauthClientCredentialsTokenComesFromTheTokenEndpointAndIsReused() throws Exception {
        MockOAuth2Server server = new MockOAuth2Server();
        server.start();
        try {
            URI tokenUrl = server.tokenEndpointUrl("erp").uri();
            ErpAuthorization auth = ErpAuthorization.oauth(tokenUrl, "mailbridge-erp", Secret.of("erp-secret"),
                    "erp.documents", Clock.systemUTC());
            Exchange first = exchange();
            auth.apply(first);
            Exchange second = exchange();
            auth.apply(second);

            String header = first.getMessage().getHeader("Authorization", String.class);
            assertThat(header).startsWith("Bearer ");
            SignedJWT token = SignedJWT.parse(header.substring(7));
            assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo(server.issuerUrl("erp").toString());
            assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("mailbridge-erp");
            assertThat(second.getMessage().getHeader("Authorization", String.class)).isEqualTo(header);
            server.takeRequest();
            assertThatThrownBy(() -> server.takeRequest(500, TimeUnit.MILLISECONDS))
                    .as("the second document reused the cached token").isNotNull();
        } finally {
            server.shutdown();
        }
    }

    @Test
    void unreachableTokenEndpointFailsTheAttemptSoItIsRetried() {
        ErpAuthorization auth = ErpAuthorization.oauth(URI.create("http://127.0.0.1:1/token"), "x", Secret.of("y"), null,
                Clock.systemUTC());
        assertThatThrownBy(() -> auth.apply(exchange())).isInstanceOf(IOException.class);
    }
}
