package io.mailbridge.sandbox;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Checks that an access token is a JWT signed by the sandbox authority, unexpired, and returns its claims. */
final class AccessTokenVerifier {

    private final String issuer;
    private final String jwksUrl;
    private final HttpClient http;
    private volatile DefaultJWTProcessor<SecurityContext> processor;

    AccessTokenVerifier(String issuer, String jwksUrl, SSLContext trust) {
        this.issuer = issuer;
        this.jwksUrl = jwksUrl;
        this.http = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The verified claims, or empty when the token is not one the authority issued or has expired. */
    Optional<JWTClaimsSet> verify(String token) {
        try {
            return Optional.of(processor().process(token, null));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor() throws Exception {
        DefaultJWTProcessor<SecurityContext> current = processor;
        if (current == null) {
            // the authority's keys live as long as it does, so one fetch serves the whole run
            String body = http.send(HttpRequest.newBuilder(URI.create(jwksUrl)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            current = new DefaultJWTProcessor<>();
            current.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                    new ImmutableJWKSet<>(JWKSet.parse(body))));
            current.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null,
                    new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp")));
            processor = current;
        }
        return current;
    }
}
