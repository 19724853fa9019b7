package dev.atrium.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plugin directory's files: the installed jars ({@code <id>-<version>.jar}, or any name an operator
 * copied in), uploads in progress ({@code .staging-*}) and the previous version kept during an upgrade
 * ({@code .previous-*}), which a crash in the middle can leave behind.
 */
final class PluginDirectory {
    private static final Pattern VERSIONED = Pattern.compile("^(.+?)-[0-9].*\\.jar$");

    private PluginDirectory() {}

    /** Regular jar files (no links, no temporary files), sorted by name. */
    static List<Path> jars(Path dir) {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jar")
                            && !p.getFileName().toString().startsWith(".")
                            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar named after the plugin id, or null. */
    static Path jarOf(Path dir, String id) {
        for (Path p : jars(dir)) {
            Matcher m = VERSIONED.matcher(p.getFileName().toString());
            if (m.matches() && m.group(1).equals(id)) return p;
        }
        return null;
    }

    /**
     * Removes uploads that never finished; puts back a previous version whose upgrade never finished
     * (unless a jar of that plugin is there), and removes it otherwise.
     */
    static void cleanUp(Path dir) {
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".staging-")) {
                    Files.deleteIfExists(p);
                } else if (name.startsWith(".previous-")) {
                    String original = name.substring(".previous-".length());
                    Matcher m = VERSIONED.matcher(original);
                    if (m.matches() && jarOf(dir, m.group(1)) == null) Files.move(p, dir.resolve(original));
                    else Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path jar) {
        try (InputStream in = Files.newInputStream(jar)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
