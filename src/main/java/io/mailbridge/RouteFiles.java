package io.mailbridge;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the user's route files one by one once Camel has started, so that a file with an error (bad YAML, an unknown
 * placeholder, an endpoint refused for its mailbox) is reported and skipped while the others run; Camel's own loader
 * would refuse to start at all. Changes later are Camel's live reload.
 */
final class RouteFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFiles.class);

    private RouteFiles() {
    }

    /** Loads the files when the context has fully started, where each file's routes are created and started alone. */
    static void loadWhenStarted(CamelContext context, Path directory, String pattern, RouteFileReport report) throws Exception {
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // the routes are added in onCamelContextFullyStarted
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                load(started, directory, pattern, report);
            }
        });
    }

    static void load(CamelContext context, Path directory, String pattern, RouteFileReport report) {
        if (!Files.isDirectory(directory)) {
            LOG.info("No route folder {}: create it and add *.camel.yaml files; they are picked up while running", directory.toAbsolutePath());
            return;
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> matcher.matches(p.getFileName()) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list route folder " + directory + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            try {
                Resource resource = ResourceHelper.resolveMandatoryResource(context, "file:" + file.toAbsolutePath());
                for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(resource)) {
                    context.addRoutes(builder);
                }
                LOG.info("Loaded route file {}", file);
                report.loaded(file);
            } catch (Exception e) {
                LOG.error("Route file {} is not loaded, the other routes run: {}. Fix the file; it is reloaded when saved.",
                        file, describe(e));
                report.failed(file, describe(e));
            }
        }
    }

    /** The messages of the whole cause chain: the YAML parser's line and column sit in an inner one. */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && text.indexOf(message.strip()) < 0) {
                text.append(text.length() == 0 ? "" : " <- ").append(message.strip());
            }
        }
        return text.toString();
    }
}
