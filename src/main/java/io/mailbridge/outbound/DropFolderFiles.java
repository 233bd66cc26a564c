package io.mailbridge.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files of one drop-folder batch, each read once into the batch's own work folder: only regular files inside the
 * drop folder's real path, reached without following any link, and never more bytes than the limit.
 */
public final class DropFolderFiles implements AutoCloseable {

    /** A file as it was read: its copy in the work folder and the number of bytes read. */
    public record Copy(Path file, long size) {
    }

    /** A path that may not be read, and why; nothing of the file was used. */
    public static final class RefusedPathException extends Exception {
        RefusedPathException(String message) {
            super(message, null, false, false);
        }
    }

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final Path work;
    private final Map<String, Copy> copies = new HashMap<>();
    private boolean sealed;

    /**
     * @param folder the drop folder; its real path is the boundary, so a drop folder that is itself a link works
     * @param work   a new folder of this batch's own, outside the drop folder, deleted by {@link #close}
     */
    public DropFolderFiles(Path folder, Path work) throws IOException {
        this.root = folder.toRealPath();
        this.work = Files.createDirectories(work);
    }

    /**
     * The file at {@code path} (relative to the drop folder), read now or, if this batch read it before, the same
     * copy. Reading stops after {@code limit} bytes: a longer file comes back as {@code size == limit + 1} and no file.
     */
    public Copy copy(String path, long limit) throws RefusedPathException, IOException {
        Copy earlier = copies.get(path);
        if (earlier != null) {
            return earlier;
        }
        if (sealed) {
            // the second pass over a batch must send what the first one checked, never read the folder again
            throw new IllegalStateException("'" + path + "' was not read when the batch was checked");
        }
        List<String> names = names(path);
        Path target = work.resolve("file-" + copies.size());
        long size;
        try (SeekableByteChannel channel = open(names);
             InputStream in = Channels.newInputStream(channel);
             OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            size = copy(in, out, limit);
        }
        if (size > limit) {
            Files.delete(target);
            return new Copy(null, size);
        }
        Copy copy = new Copy(target, size);
        copies.put(path, copy);
        return copy;
    }

    /** From now on only files read before are given out: the batch was checked and is being queued. */
    public void seal() {
        sealed = true;
    }

    /** The path's names below the drop folder, or a refusal if it leads anywhere else. */
    private static List<String> names(String path) throws RefusedPathException {
        Path relative;
        try {
            relative = Path.of(path).normalize();
        } catch (InvalidPathException e) {
            throw new RefusedPathException("is not a file inside the drop folder: " + e.getReason());
        }
        if (path.isBlank() || relative.isAbsolute() || relative.getNameCount() == 0 || relative.startsWith("..")
                || relative.toString().isEmpty()) {
            throw new RefusedPathException("is not a file inside the drop folder: give a path relative to the folder, "
                    + "such as pdf/4711.pdf");
        }
        List<String> names = new ArrayList<>();
        relative.forEach(name -> names.add(name.toString()));
        return names;
    }

    /**
     * Opens the file one name at a time, each relative to the directory opened before it and never through a link
     * ({@code openat} with {@code O_NOFOLLOW} where the platform offers it), so nothing swapped in between the check
     * and the open can lead out of the folder.
     */
    private SeekableByteChannel open(List<String> names) throws RefusedPathException, IOException {
        DirectoryStream<Path> top = Files.newDirectoryStream(root);
        if (!(top instanceof SecureDirectoryStream<Path> secure)) {
            top.close();
            return openByPath(names);
        }
        SecureDirectoryStream<Path> dir = secure;
        try {
            for (int i = 0; i < names.size(); i++) {
                Path name = Path.of(names.get(i));
                BasicFileAttributes attributes;
                try {
                    attributes = dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
                } catch (NoSuchFileException e) {
                    throw refused(names, i, "does not exist");
                }
                check(attributes, names, i);
                try {
                    if (i == names.size() - 1) {
                        return dir.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
                    }
                    SecureDirectoryStream<Path> next = dir.newDirectoryStream(name, NOFOLLOW);
                    dir.close();
                    dir = next;
                } catch (FileSystemException e) {
                    throw changed(names, i, e);
                }
            }
            throw new IllegalStateException("no name to open");
        } finally {
            dir.close();
        }
    }

    /** Where directories cannot be opened relative to each other: each name checked, the file opened without following a link. */
    private SeekableByteChannel openByPath(List<String> names) throws RefusedPathException, IOException {
        Path current = root;
        for (int i = 0; i < names.size(); i++) {
            current = current.resolve(names.get(i));
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(current, BasicFileAttributes.class, NOFOLLOW);
            } catch (NoSuchFileException e) {
                throw refused(names, i, "does not exist");
            }
            check(attributes, names, i);
        }
        try {
            return Files.newByteChannel(current, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        } catch (FileSystemException e) {
            throw changed(names, names.size() - 1, e);
        }
    }

    /** The open found something other than what was checked a moment before: a link or a file swapped in. */
    private static RefusedPathException changed(List<String> names, int i, FileSystemException e) {
        return refused(names, i, "changed while it was opened and cannot be opened without following a link ("
                + reason(e) + "); links are not followed: put the file itself in the drop folder");
    }

    /** A refusal naming the first {@code i + 1} names of the path, where the trouble is. */
    private static RefusedPathException refused(List<String> names, int i, String why) {
        return new RefusedPathException("is not a file inside the drop folder: '" + String.join("/", names.subList(0, i + 1))
                + "' " + why);
    }

    private void check(BasicFileAttributes attributes, List<String> names, int i) throws RefusedPathException, IOException {
        boolean last = i == names.size() - 1;
        if (attributes.isSymbolicLink()) {
            throw refused(names, i, "is a symbolic link, and links are not followed (one could lead anywhere); put the "
                    + "file itself in the drop folder");
        }
        if (!last && !attributes.isDirectory()) {
            throw refused(names, i, "is not a folder");
        }
        if (last && !attributes.isRegularFile()) {
            throw refused(names, i, "is " + (attributes.isDirectory() ? "a folder" : "not a regular file"));
        }
        if (last && linkCount(root.resolve(String.join("/", names))) instanceof Integer n && n > 1) {
            // a hard link is the same file as one elsewhere (a token file, say); only a file of its own is attached
            throw refused(names, i, "has " + n + " hard links, so it is also a file elsewhere; copy the file into the "
                    + "folder instead of linking it");
        }
    }

    private static Object linkCount(Path file) throws IOException {
        try {
            return Files.getAttribute(file, "unix:nlink", NOFOLLOW);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Copies at most {@code limit + 1} bytes: enough to tell a file over the limit, however long it has grown. */
    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        long cap = limit == Long.MAX_VALUE ? limit : limit + 1;
        while (total < cap && (n = in.read(buffer, 0, (int) Math.min(buffer.length, cap - total))) > 0) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private static String reason(FileSystemException e) {
        return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(work, NOFOLLOW)) {
            return;
        }
        try (var walk = Files.walk(work)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
