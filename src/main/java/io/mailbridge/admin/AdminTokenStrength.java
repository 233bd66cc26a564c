package io.mailbridge.admin;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Estimates how guessable an admin token is: each character costs the bits of the character classes the token draws
 * from, but a common word, a run ({@code aaaa}, {@code 1234}) or a repeat of an earlier part costs only a few bits.
 */
public final class AdminTokenStrength {

    public static final int MIN_LENGTH = 24;
    public static final int MIN_BITS = 100;
    public static final String RULE = "at least " + MIN_LENGTH + " characters and about " + MIN_BITS
            + " bits of estimated entropy (random characters: no words, runs or repeats)";

    /** Words people put in tokens; each found counts as one pick from a large dictionary, not as its letters. */
    private static final List<String> WORDS = List.of("password", "passwort", "admin", "administrator", "token", "secret",
            "mailbridge", "changeme", "change", "default", "example", "letmein", "welcome", "qwerty", "azerty", "login",
            "master", "root", "user", "guest", "hello", "test", "demo", "sample", "local", "localhost", "company", "mail",
            "access", "bearer", "server", "dragon", "monkey", "iloveyou", "sunshine", "football", "princess", "shadow",
            "superman", "trustno", "abc", "qwe", "asdf", "zxcv", "pass", "key", "api", "prod", "staging", "summer",
            "winter", "spring", "autumn", "secure", "private", "mypass", "opensesame");
    private static final double WORD_BITS = 14; // about one in 16,000 common words
    private static final double MATCH_BITS = 8;

    private AdminTokenStrength() {
    }

    /** Why the token is too weak, or empty when it is strong enough. Never quotes the token. */
    public static Optional<String> weakness(String token) {
        if (token.length() < MIN_LENGTH) {
            return Optional.of("it has " + token.length() + " characters");
        }
        double bits = estimatedBits(token);
        if (bits < MIN_BITS) {
            return Optional.of("its estimated entropy is about " + (int) bits + " bits (words, runs or repeated parts are easy to guess)");
        }
        return Optional.empty();
    }

    /** A greedy parse from left to right: the cheapest reading of each next piece is taken. */
    static double estimatedBits(String token) {
        String lower = token.toLowerCase(Locale.ROOT);
        double perCharacter = Math.log(alphabetSize(token)) / Math.log(2);
        double bits = 0;
        int i = 0;
        while (i < token.length()) {
            int covered = Math.max(Math.max(word(lower, i), run(lower, i)), repeat(lower, i));
            if (covered >= 3) {
                bits += covered == word(lower, i) ? WORD_BITS : MATCH_BITS;
                i += covered;
            } else {
                bits += perCharacter;
                i++;
            }
        }
        return bits;
    }

    private static int alphabetSize(String token) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        for (char c : token.toCharArray()) {
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
            digit |= c >= '0' && c <= '9';
            other |= !Character.isLetterOrDigit(c) || c > 127;
        }
        return (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 33 : 0);
    }

    /** The longest common word starting at {@code i}. */
    private static int word(String text, int i) {
        int longest = 0;
        for (String w : WORDS) {
            if (w.length() > longest && text.startsWith(w, i)) {
                longest = w.length();
            }
        }
        return longest;
    }

    /** The length of a run starting at {@code i}: one character repeated, or steps of +1 or -1 ({@code abcd}, {@code 4321}). */
    private static int run(String text, int i) {
        if (i + 1 >= text.length()) {
            return 1;
        }
        int step = text.charAt(i + 1) - text.charAt(i);
        if (Math.abs(step) > 1) {
            return 1;
        }
        int end = i + 1;
        while (end < text.length() && text.charAt(end) - text.charAt(end - 1) == step) {
            end++;
        }
        return end - i;
    }

    /** The longest piece starting at {@code i} that already appeared before it. */
    private static int repeat(String text, int i) {
        int longest = 0;
        for (int start = 0; start < i; start++) {
            int n = 0;
            while (i + n < text.length() && text.charAt(start + n) == text.charAt(i + n)) {
                n++;
            }
            longest = Math.max(longest, n);
        }
        return longest;
    }
}
