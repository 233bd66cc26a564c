package io.mailbridge.config;

import io.mailbridge.mailbox.ConfigurationException;
import io.mailbridge.mailbox.MailboxSettingsReader;
import org.apache.camel.spi.PropertiesComponent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * mailbridge's settings as Camel's properties component resolves them (the configuration file, placeholders,
 * environment), each read with the type it has and an error naming the key when the value does not fit.
 */
public final class Settings {

    /** {@code {{env:NAME}}} without a default: the value is meant to be there. */
    private static final Pattern REQUIRED_ENV = Pattern.compile("\\{\\{env:([A-Za-z0-9_.]+)}}");

    private final PropertiesComponent properties;

    public Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    /** The value, trimmed; empty when unset or blank. */
    public Optional<String> text(String key) {
        try {
            return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
        } catch (RuntimeException e) {
            // typically {{env:NAME}} with NAME unset; the message must not quote the value, which may be a secret
            throw new ConfigurationException(key + ": cannot resolve its value (" + e.getMessage()
                    .replaceAll("from text: .*", "").trim() + "); set the environment variable or property it refers to");
        }
    }

    public String text(String key, String fallback) {
        return text(key).orElse(fallback);
    }

    private long number(String key, long fallback) {
        String value = text(key).orElse(null);
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + ": '" + value + "' is not a whole number");
        }
    }

    public int integer(String key, int fallback) {
        long value = number(key, fallback);
        if (value != (int) value) {
            throw new ConfigurationException(key + ": " + value + " is too large");
        }
        return (int) value;
    }

    /** The keys set that match (in the configuration file, the environment's placeholders not yet resolved). */
    public Set<String> keys(Predicate<String> wanted) {
        return new TreeSet<>(properties.loadProperties(wanted).stringPropertyNames());
    }

    /** Sets a value unless the user's configuration already has one, so that what the user wrote wins. */
    public void offer(String key, String value) {
        if (text(key).isEmpty()) {
            properties.addOverrideProperty(key, value);
        }
    }

    /** Every {@code mailbridge.clients.*} and {@code mailbridge.mailboxes.*} property, placeholders resolved. */
    public Map<String, String> mailboxProperties() {
        Map<String, String> resolved = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Properties raw = properties.loadProperties(k -> k.startsWith(MailboxSettingsReader.CLIENTS)
                || k.startsWith(MailboxSettingsReader.MAILBOXES));
        raw.stringPropertyNames().forEach(key -> {
            try {
                Optional<String> value = text(key);
                value.ifPresent(v -> resolved.put(key, v));
                Matcher env = REQUIRED_ENV.matcher(raw.getProperty(key, ""));
                if (value.isEmpty() && env.find()) {
                    problems.add(key + " refers to the environment variable " + env.group(1) + ", which is not set; "
                            + "set it before starting mailbridge");
                }
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return resolved;
    }
}
