package dev.atrium.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A file's type from its first bytes, never from its name or the uploader's say-so. Only the image types
 * listed here may be shown inline (as thumbnails); everything else, HTML and SVG included, is served as
 * a download.
 */
final class Sniff {
    private Sniff() {}

    static String type(byte[] b) {
        if (starts(b, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
        if (starts(b, 0xff, 0xd8, 0xff)) return "image/jpeg";
        if (starts(b, 'G', 'I', 'F', '8')) return "image/gif";
        if (starts(b, 'R', 'I', 'F', 'F')
                && b.length > 12
                && b[8] == 'W'
                && b[9] == 'E'
                && b[10] == 'B'
                && b[11] == 'P') return "image/webp";
        if (starts(b, '%', 'P', 'D', 'F', '-')) return "application/pdf";
        if (starts(b, 'P', 'K', 3, 4)) return "application/zip";
        if (text(b)) {
            String head = new String(b, 0, Math.min(b.length, 512), StandardCharsets.UTF_8)
                    .trim()
                    .toLowerCase();
            // markup is never served as something a browser would render
            if (head.startsWith("<") || head.contains("<html") || head.contains("<script") || head.contains("<svg"))
                return "application/octet-stream";
            return "text/plain";
        }
        return "application/octet-stream";
    }

    static boolean image(String type) {
        return type.equals("image/png")
                || type.equals("image/jpeg")
                || type.equals("image/gif")
                || type.equals("image/webp");
    }

    private static boolean starts(byte[] b, int... magic) {
        if (b.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if ((b[i] & 0xff) != (magic[i] & 0xff)) return false;
        return true;
    }

    private static boolean text(byte[] b) {
        int n = Math.min(b.length, 8192);
        for (int i = 0; i < n; i++) if (b[i] == 0) return false;
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, 0, n));
            return true;
        } catch (CharacterCodingException e) {
            return n == 8192; // a multi-byte character cut at the sample's end
        }
    }
}
