package io.mailbridge.config;

import io.mailbridge.mailbox.ConfigurationException;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.BeanIntrospection;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.util.StringHelper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Fills a settings bean (its fields hold the defaults, the one place they are written) from every property under a
 * prefix, with Camel's property binding: {@code mailbridge.inbound.max-attempts} sets {@code maxAttempts}. A key the
 * bean does not know (a typo) and a value that does not fit its type are named, every one in a single error. The
 * defaults are then offered to Camel's properties, so that a route can write {@code {{mailbridge.erp.timeout-ms}}}
 * without repeating the default.
 */
public final class SettingsBinding {

    private SettingsBinding() {
    }

    /**
     * Binds several beans, each from its prefix, and names the faults of all of them in one error.
     *
     * @param readElsewhere prefixes whose keys another reader handles (the mailboxes, per-mailbox limits): neither
     *                      bound nor reported as unknown
     */
    public static void bind(CamelContext context, Map<String, Object> beansByPrefix, Collection<String> readElsewhere) {
        Settings settings = new Settings(context.getPropertiesComponent());
        BeanIntrospection introspection = PluginHelper.getBeanIntrospection(context);
        Set<String> prefixes = new TreeSet<>(beansByPrefix.keySet());
        prefixes.addAll(readElsewhere);
        // one read of the configuration for every bean
        Set<String> keys = settings.keys(key -> beansByPrefix.keySet().stream().anyMatch(key::startsWith));
        List<String> problems = new ArrayList<>();
        beansByPrefix.forEach((prefix, bean) -> {
            // a key under a longer prefix is that prefix's: mailbridge.store.url is not mailbridge.'s
            List<String> groups = prefixes.stream().filter(p -> p.length() > prefix.length() && p.startsWith(prefix)).toList();
            List<String> own = keys.stream().filter(k -> k.startsWith(prefix) && groups.stream().noneMatch(k::startsWith)).toList();
            problems.addAll(bindOne(context, settings, introspection, prefix, bean, own, groups));
        });
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        // what the user left unset is offered at its default, for the placeholders in routes
        beansByPrefix.forEach((prefix, bean) -> {
            Map<String, Object> bound = new LinkedHashMap<>();
            introspection.getProperties(bean, bound, null, false);
            bound.forEach((name, value) -> settings.offer(prefix + StringHelper.camelCaseToDash(name), String.valueOf(value)));
        });
    }

    private static List<String> bindOne(CamelContext context, Settings settings, BeanIntrospection introspection,
                                        String prefix, Object bean, List<String> keys, List<String> groups) {
        // the bean's properties with their defaults, by lower-case name: the keys are matched ignoring case
        Map<String, Object> defaults = new LinkedHashMap<>();
        introspection.getProperties(bean, defaults, null, true);
        Map<String, String> names = new TreeMap<>();
        defaults.keySet().forEach(name -> names.put(name.toLowerCase(Locale.ROOT), name));
        List<String> problems = new ArrayList<>();
        for (String key : keys) {
            String name = names.get(StringHelper.dashToCamelCase(key.substring(prefix.length())).toLowerCase(Locale.ROOT));
            if (name == null) {
                problems.add(key + ": unknown setting; known under " + prefix + ": " + String.join(", ",
                        names.values().stream().map(StringHelper::camelCaseToDash).sorted().toList())
                        + (groups.isEmpty() ? "" : "; groups: " + String.join(", ", groups.stream().map(g -> g + "*").toList())));
                continue;
            }
            try {
                String value = settings.text(key).orElse(null);
                if (value != null && !set(context, bean, name, value)) {
                    // the value may be a secret: only numbers and switches can fail to bind, and those are quoted
                    problems.add(key + ": '" + value + "' is not " + (defaults.get(name) instanceof Boolean
                            ? "true or false" : "a whole number"));
                }
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
            }
        }
        return problems;
    }

    private static boolean set(CamelContext context, Object bean, String name, String value) {
        try {
            return PropertyBindingSupport.build().withCamelContext(context).withTarget(bean)
                    .withProperties(new HashMap<>(Map.of(name, value))).withReflection(true).bind();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
