package dev.atrium.plugins;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Checks an uploaded archive before anything else reads it, from its central directory: entry names
 * cannot escape a directory ({@code ..}, absolute paths, drive letters, backslashes, NUL), no entry is a
 * symbolic link, and the sizes are bounded (a zip bomb is refused before it is inflated).
 */
final class JarSafety {
    static final int MAX_ENTRIES = 20_000;
    static final long MAX_UNCOMPRESSED = 256L * 1024 * 1024;

    private JarSafety() {}

    static void check(byte[] zip) throws PluginRefused {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = -1;
        for (int i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
            if (b.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) throw new PluginRefused("the upload is not a jar (zip) file");
        int entries = Short.toUnsignedInt(b.getShort(eocd + 10));
        long cdOffset = Integer.toUnsignedLong(b.getInt(eocd + 16));
        if (entries > MAX_ENTRIES)
            throw new PluginRefused("the jar has " + entries + " entries; at most " + MAX_ENTRIES + " are accepted");
        if (cdOffset >= zip.length) throw new PluginRefused("the jar is damaged (central directory outside the file)");
        long total = 0;
        int p = (int) cdOffset;
        for (int n = 0; n < entries; n++) {
            if (p + 46 > zip.length || b.getInt(p) != 0x02014b50)
                throw new PluginRefused("the jar is damaged (entry " + n + " of the central directory)");
            int madeBy = Short.toUnsignedInt(b.getShort(p + 4)) >>> 8;
            long size = Integer.toUnsignedLong(b.getInt(p + 24));
            int nameLen = Short.toUnsignedInt(b.getShort(p + 28));
            int extraLen = Short.toUnsignedInt(b.getShort(p + 30));
            int commentLen = Short.toUnsignedInt(b.getShort(p + 32));
            long external = Integer.toUnsignedLong(b.getInt(p + 38));
            if (p + 46 + nameLen > zip.length)
                throw new PluginRefused("the jar is damaged (entry name outside the file)");
            String name = new String(zip, p + 46, nameLen, java.nio.charset.StandardCharsets.UTF_8);
            checkName(name);
            if (madeBy == 3 && ((external >>> 16) & 0170000) == 0120000) {
                throw new PluginRefused("the jar entry \"" + name + "\" is a symbolic link; links are not accepted");
            }
            if (size == 0xFFFFFFFFL) throw new PluginRefused("the jar entry \"" + name + "\" is too large");
            total += size;
            if (total > MAX_UNCOMPRESSED)
                throw new PluginRefused("the jar inflates to more than " + (MAX_UNCOMPRESSED >> 20) + " MiB");
            p += 46 + nameLen + extraLen + commentLen;
        }
    }

    static void checkName(String name) throws PluginRefused {
        if (name.isEmpty()
                || name.startsWith("/")
                || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0
                || name.matches("^[A-Za-z]:.*")) {
            throw new PluginRefused("the jar entry \"" + name.replace("\0", "\\0") + "\" has an unsafe path");
        }
        for (String part : name.split("/")) {
            if (part.equals(".."))
                throw new PluginRefused("the jar entry \"" + name + "\" points outside the plugin (\"..\")");
        }
    }

    static void checkReadable(java.nio.file.Path path) throws PluginRefused {
        try {
            check(java.nio.file.Files.readAllBytes(path));
        } catch (IOException e) {
            throw new PluginRefused("cannot read " + path.getFileName() + ": " + e.getMessage());
        }
    }
}
