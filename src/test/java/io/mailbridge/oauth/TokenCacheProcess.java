package io.mailbridge.oauth;

import io.mailbridge.mailbox.Grant;
import io.mailbridge.mailbox.OAuthClient;
import io.mailbridge.mailbox.Secret;
import io.mailbridge.sandbox.SandboxAuthority;
import io.mailbridge.store.Database;
import io.mailbridge.support.TestAuthority;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One mailbridge instance's token cache in a process of its own, for tests of several processes sharing a store:
 * waits for a go file, then asks for mailbox {@code app}'s token from ten threads at once and prints a digest of each
 * answer (never the token).
 *
 * <p>Arguments: JDBC URL, token key (base64), authority URL, the authority's certificate (PEM), lease seconds, go file.
 */
public final class TokenCacheProcess {

    private TokenCacheProcess() {
    }

    public static void main(String[] args) throws Exception {
        Database database = Database.open(args[0], "postgres", null);
        OAuthClient client = new OAuthClient("test", SandboxAuthority.TENANT, TestAuthority.CLIENT_ID,
                Secret.of(TestAuthority.SECRET), null, null, args[2], null, Path.of(args[3]), List.of(),
                List.of("api://test/.default"), null);
        TokenService tokens = new TokenService(TestAuthority.registry(TestAuthority.mailbox("app", "app@example.test",
                Grant.CLIENT_CREDENTIALS, client, null, null)),
                new DatabaseTokenStore(database.dataSource(), TokenCipher.fromBase64(args[1], "test key"), Clock.systemUTC(),
                        Duration.ofSeconds(Long.parseLong(args[4]))),
                new MsalAuthorityClient(Map.of()), Clock.systemUTC(), Duration.ofMinutes(5));
        Path go = Path.of(args[5]);
        System.out.println("ready");
        System.out.flush();
        while (!Files.exists(go)) {
            Thread.sleep(5);
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(pool.submit(() -> tokens.accessToken("app")));
        }
        for (Future<String> answer : answers) {
            System.out.println("token " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(answer.get().getBytes(StandardCharsets.UTF_8))));
        }
        System.out.flush();
        System.exit(0);
    }
}
