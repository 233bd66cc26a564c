package io.mailbridge.outbound;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.error.AttributeNotFoundException;
import io.pebbletemplates.pebble.error.RootAttributeNotFoundException;
import io.pebbletemplates.pebble.loader.FileLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Mail templates in a folder, editable while mailbridge runs: {@code <folder>/<name>/subject.peb},
 * {@code text.peb} and {@code html.peb} (Pebble syntax; each file optional, at least one body). Values are escaped
 * for HTML in {@code html.peb} unless marked {@code |raw}; a variable the data lacks is an error, never an empty
 * string in a customer's invoice. A template is parsed again when its file changes.
 */
public final class TemplateLibrary {

    /** What a template produced; parts the template lacks are null. */
    public record Rendered(String subject, String text, String html) {
    }

    private record Parsed(FileTime modified, long size, PebbleTemplate template) {
    }

    private final Path folder;
    private final PebbleEngine plain;
    private final PebbleEngine html;
    private final Map<Path, Parsed> parsed = new ConcurrentHashMap<>();

    public TemplateLibrary(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
        this.plain = engine(false);
        this.html = engine(true);
    }

    private PebbleEngine engine(boolean escapeHtml) {
        FileLoader loader = new FileLoader();
        loader.setPrefix(folder.toString());
        return new PebbleEngine.Builder().loader(loader).strictVariables(true).autoEscaping(escapeHtml)
                .defaultEscapingStrategy("html").newLineTrimming(false)
                // parsed templates are kept here, keyed by the file's modification time, so edits take effect
                .cacheActive(false).build();
    }

    public Path folder() {
        return folder;
    }

    public boolean exists(String name) {
        return isName(name) && Files.isDirectory(folder.resolve(name));
    }

    public List<String> names() {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * @throws InvalidSendRequestException naming {@code data.<variable>} when the data lacks a variable the template
     *                                     uses, or {@code template} when the template itself is broken
     */
    public Rendered render(String name, Map<String, Object> data) throws InvalidSendRequestException {
        if (!exists(name)) {
            throw new InvalidSendRequestException("template", "there is no template '" + name + "' in " + folder);
        }
        Rendered rendered = new Rendered(part(name, "subject.peb", data, false), part(name, "text.peb", data, false),
                part(name, "html.peb", data, true));
        if (rendered.text() == null && rendered.html() == null) {
            throw new InvalidSendRequestException("template", "template '" + name + "' has neither text.peb nor html.peb in "
                    + folder.resolve(name));
        }
        return rendered;
    }

    private String part(String name, String file, Map<String, Object> data, boolean escapeHtml) throws InvalidSendRequestException {
        Path path = folder.resolve(name).resolve(file);
        if (!Files.isRegularFile(path)) {
            return null;
        }
        try {
            StringWriter out = new StringWriter();
            template(path, escapeHtml).evaluate(out, data);
            return out.toString();
        } catch (AttributeNotFoundException e) {
            // a missing top-level variable is named as data.<name>; a missing member of one only by its own name
            boolean topLevel = e instanceof RootAttributeNotFoundException;
            throw new InvalidSendRequestException(topLevel ? "data." + e.getAttributeName() : "data", "template '" + name
                    + "' (" + file + ", line " + e.getLineNumber() + ") uses '" + e.getAttributeName()
                    + "', which the data does not give");
        } catch (PebbleException e) {
            throw new InvalidSendRequestException("template", "template '" + name + "' (" + file + ") cannot be rendered: "
                    + e.getPebbleMessage() + (e.getLineNumber() == null ? "" : " at line " + e.getLineNumber()));
        } catch (IOException e) {
            throw new InvalidSendRequestException("template", "template '" + name + "' (" + file + ") cannot be read: " + e.getMessage());
        }
    }

    private PebbleTemplate template(Path path, boolean escapeHtml) throws IOException {
        FileTime modified = Files.getLastModifiedTime(path);
        long size = Files.size(path);
        Parsed known = parsed.get(path);
        if (known != null && known.modified().equals(modified) && known.size() == size) {
            return known.template();
        }
        PebbleTemplate template = (escapeHtml ? html : plain).getTemplate(folder.relativize(path).toString());
        parsed.put(path, new Parsed(modified, size, template));
        return template;
    }

    private static boolean isName(String name) {
        return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}") && !name.contains("..");
    }
}
