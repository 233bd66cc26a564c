package io.mailbridge.admin;

import io.mailbridge.support.RunningApp;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens a generator made pass; short ones, words, runs and repeats do not. */
class AdminTokenStrengthTest {

    @Test
    void generatedTokensPass() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 2000; i++) {
            byte[] raw = new byte[24];
            random.nextBytes(raw);
            // what the sandbox generates, and what 'openssl rand -base64 24' / '-hex 16' print
            assertThat(AdminTokenStrength.weakness(Base64.getUrlEncoder().withoutPadding().encodeToString(raw))).isEmpty();
            assertThat(AdminTokenStrength.weakness(Base64.getEncoder().encodeToString(raw))).isEmpty();
            assertThat(AdminTokenStrength.weakness(java.util.HexFormat.of().formatHex(raw, 0, 16))).isEmpty();
        }
        assertThat(AdminTokenStrength.weakness(RunningApp.ADMIN_TOKEN)).isEmpty();
    }

    @Test
    void guessableTokensAreRefused() {
        assertThat(AdminTokenStrength.weakness("Xq7mR2vK9pLw4Tz")).hasValueSatisfying(w -> assertThat(w).contains("15 characters"));
        for (String weak : new String[] {"aaaaaaaaaaaaaaaaaaaaaaaaaaaa", "passwordpasswordpassword", "test-admin-token-0123456789",
                "abcdefghijklmnopqrstuvwxyz", "MailbridgeAdminToken2024!!", "qwertyqwertyqwerty123456", "0123456789012345678901234"}) {
            assertThat(AdminTokenStrength.weakness(weak)).as(weak).hasValueSatisfying(w -> assertThat(w).contains("entropy"));
        }
    }
}
