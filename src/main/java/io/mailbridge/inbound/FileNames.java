package io.mailbridge.inbound;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Gives each attachment of one message a safe, unique file name. Names are data from the sender: a consumer that
 * saves them must never be steered into another directory or shown a name disguised by control characters.
 */
final class FileNames {

    static final int MAX_LENGTH = 255;
    private static final int MAX_EXTENSION = 16;

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("application/pdf", "pdf"),
            Map.entry("application/zip", "zip"),
            Map.entry("application/json", "json"),
            Map.entry("application/xml", "xml"),
            Map.entry("text/xml", "xml"),
            Map.entry("text/plain", "txt"),
            Map.entry("text/html", "html"),
            Map.entry("text/csv", "csv"),
            Map.entry("text/calendar", "ics"),
            Map.entry("image/png", "png"),
            Map.entry("image/jpeg", "jpg"),
            Map.entry("image/gif", "gif"),
            Map.entry("image/tiff", "tif"),
            Map.entry("image/webp", "webp"),
            Map.entry("message/rfc822", "eml"),
            Map.entry("message/global", "eml"),
            Map.entry("application/ms-tnef", "dat"),
            Map.entry("application/vnd.ms-tnef", "dat"),
            Map.entry("application/pkcs7-signature", "p7s"),
            Map.entry("application/x-pkcs7-signature", "p7s"),
            Map.entry("application/pkcs7-mime", "p7m"),
            Map.entry("application/msword", "doc"),
            Map.entry("application/vnd.ms-excel", "xls"),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"));

    private final Set<String> taken = new HashSet<>();
    private final List<String> warnings;

    FileNames(List<String> warnings) {
        this.warnings = warnings;
    }

    /**
     * The name for attachment number {@code index} (1-based): the declared name made safe, else one made from the
     * forwarded message's subject, else one generated from the content type; a repeated name gets " (2)", " (3)"…
     */
    String assign(String declared, String forwardedSubject, String baseType, int index) {
        String name = null;
        if (declared != null && !declared.isBlank()) {
            name = clean(declared);
            if (name == null || !name.equals(declared.strip())) {
                warnings.add("file name '" + printable(declared) + "' " + flaws(declared) + "; "
                        + (name == null ? "nothing usable was left" : "kept '" + name + "'"));
            }
        }
        if (name == null && forwardedSubject != null && !forwardedSubject.isBlank()) {
            // a subject is not a path: keep what a slash separates instead of cutting it away
            name = clean(forwardedSubject.replace('/', '_').replace('\\', '_') + ".eml");
        }
        if (name == null) {
            name = "attachment-" + index + "." + EXTENSIONS.getOrDefault(baseType, "bin");
            warnings.add("attachment " + index + " has no file name; named it '" + name + "'");
        }
        return unique(name);
    }

    /** The last path segment without control or format characters, at most 255 characters; null if nothing is left. */
    static String clean(String raw) {
        String name = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
        StringBuilder kept = new StringBuilder(name.length());
        name.codePoints().filter(cp -> !isHidden(cp)).forEach(kept::appendCodePoint);
        name = kept.toString().strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return null;
        }
        return fit(stem(name), extension(name));
    }

    private String unique(String name) {
        if (taken.add(name.toLowerCase(Locale.ROOT))) {
            return name;
        }
        String stem = stem(name);
        String extension = extension(name);
        for (int n = 2; ; n++) {
            String candidate = fit(stem + " (" + n + ")", extension);
            // case-insensitive: Windows and macOS file systems would overwrite "Invoice.pdf" with "invoice.pdf"
            if (taken.add(candidate.toLowerCase(Locale.ROOT))) {
                warnings.add("file name '" + name + "' appears more than once; renamed to '" + candidate + "'");
                return candidate;
            }
        }
    }

    /** Stem plus extension cut to 255 code points, shortening the stem so the extension survives. */
    private static String fit(String stem, String extension) {
        int room = MAX_LENGTH - extension.codePointCount(0, extension.length());
        if (stem.codePointCount(0, stem.length()) > room) {
            stem = stem.substring(0, stem.offsetByCodePoints(0, room));
        }
        return stem + extension;
    }

    /** The extension with its dot, or "" when the name has none (or only a leading dot, as in ".profile"). */
    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || name.length() - dot > MAX_EXTENSION + 1) {
            return "";
        }
        return name.substring(dot);
    }

    private static String stem(String name) {
        return name.substring(0, name.length() - extension(name).length());
    }

    private static boolean isHidden(int codePoint) {
        return switch (Character.getType(codePoint)) {
            // FORMAT covers bidi overrides such as U+202E, used to disguise "invoice<U+202E>fdp.exe" as a PDF
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }

    private static String flaws(String raw) {
        List<String> flaws = new ArrayList<>();
        if (raw.indexOf('/') >= 0 || raw.indexOf('\\') >= 0) {
            flaws.add("contained a path");
        }
        if (raw.codePoints().anyMatch(FileNames::isHidden)) {
            flaws.add("contained control characters");
        }
        if (raw.codePointCount(0, raw.length()) > MAX_LENGTH) {
            flaws.add("was longer than " + MAX_LENGTH + " characters");
        }
        return flaws.isEmpty() ? "was not usable as it was" : String.join(" and ", flaws);
    }

    private static String printable(String raw) {
        StringBuilder out = new StringBuilder();
        raw.codePoints().forEach(cp -> out.appendCodePoint(isHidden(cp) ? '?' : cp));
        return out.codePointCount(0, out.length()) > 300 ? out.substring(0, out.offsetByCodePoints(0, 300)) + "..." : out.toString();
    }
}
