package dev.atrium.metadata.packages;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The text files of a package, by path relative to its root ({@code package.json},
 * {@code entities/deal.json}, {@code rules/deal/check.js}...), read from a directory, a zip archive or the
 * classpath. Only the kinds a package has are read; anything else is ignored. A package is small: at most
 * {@value #MAX_FILES} files and {@value #MAX_BYTES} bytes, each file UTF-8 text.
 */
public final class PackageFiles {
    static final int MAX_FILES = 2000;
    static final long MAX_BYTES = 32L << 20;
    private static final Pattern KNOWN = Pattern.compile(
            "package\\.json|README\\.md|access\\.json|(entities|extensions|i18n|data|tests)/[A-Za-z0-9_.-]+\\.json"
                    + "|rules/([A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]+\\.js");

    private PackageFiles() {}

    /** Whether a relative path is one a package may hold. */
    static boolean known(String path) {
        return KNOWN.matcher(path).matches();
    }

    /** The files of a package directory. */
    public static Map<String, String> directory(Path root) {
        if (!Files.isRegularFile(root.resolve("package.json"))) {
            throw new PackageException(root + " is not a package: it has no package.json");
        }
        try (Stream<Path> paths = Files.walk(root)) {
            Map<String, String> files = new TreeMap<>();
            long total = 0;
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (!known(rel)) continue;
                byte[] bytes = Files.readAllBytes(p);
                total += bytes.length;
                limits(files.size() + 1, total);
                files.put(rel, text(rel, bytes));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the package at " + root + ": " + e.getMessage(), e);
        }
    }

    /** The files of a zip archive: the package at its root, or in one top-level folder. */
    public static Map<String, String> zip(byte[] archive) {
        Map<String, String> raw = new TreeMap<>();
        long total = 0;
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(archive), StandardCharsets.UTF_8)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (++entries > MAX_FILES * 4) throw new PackageException("the archive has too many entries");
                if (e.isDirectory()) continue;
                String name = e.getName().replace('\\', '/');
                if (name.startsWith("/") || name.contains("../") || name.contains("/..")) {
                    throw new PackageException("the archive holds an unsafe path: " + name);
                }
                byte[] bytes = read(in, MAX_BYTES - total);
                total += bytes.length;
                raw.put(name, text(name, bytes));
                limits(raw.size(), total);
            }
        } catch (IOException e) {
            throw new PackageException("the upload is not a zip archive a package can be read from: " + e.getMessage());
        }
        String prefix = raw.containsKey("package.json") ? "" : singleFolder(raw);
        Map<String, String> files = new TreeMap<>();
        raw.forEach((name, text) -> {
            if (!name.startsWith(prefix)) return;
            String rel = name.substring(prefix.length());
            if (known(rel)) files.put(rel, text);
        });
        if (!files.containsKey("package.json")) {
            throw new PackageException("the archive has no package.json at its root or in its one top folder");
        }
        return files;
    }

    /** The files of a package shipped on the classpath under {@code root} (e.g. {@code templates/crm-core}). */
    public static Map<String, String> classpath(String root) {
        URL url = PackageFiles.class.getClassLoader().getResource(root + "/package.json");
        if (url == null) throw new PackageException("no bundled package at " + root);
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = newFileSystem(uri);
                }
                return directory(fs.getPath(root));
            }
            return directory(Path.of(uri).getParent());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized FileSystem newFileSystem(URI uri) {
        try {
            return FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException e) {
            try {
                return FileSystems.newFileSystem(uri, Map.of());
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
        }
    }

    private static String singleFolder(Map<String, String> raw) {
        String folder = null;
        for (String name : raw.keySet()) {
            int slash = name.indexOf('/');
            if (slash < 0) return "";
            String top = name.substring(0, slash + 1);
            if (folder != null && !folder.equals(top)) return "";
            folder = top;
        }
        return folder == null ? "" : folder;
    }

    private static byte[] read(InputStream in, long room) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE, room + 1));
        if (bytes.length > room) throw new PackageException("the package is larger than " + (MAX_BYTES >> 20) + " MB");
        return bytes;
    }

    private static void limits(int files, long bytes) {
        if (files > MAX_FILES) throw new PackageException("the package has more than " + MAX_FILES + " files");
        if (bytes > MAX_BYTES) throw new PackageException("the package is larger than " + (MAX_BYTES >> 20) + " MB");
    }

    private static String text(String name, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new PackageException(name + " is not UTF-8 text");
        }
    }
}
