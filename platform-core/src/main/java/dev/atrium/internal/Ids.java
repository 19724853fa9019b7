package dev.atrium.internal;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Record ids: UUID version 7 (time-ordered), so new rows land at the end of the primary key index
 * and ids sort roughly by creation time. Metadata ids: short random base-36 with a kind prefix.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ids() {}

    public static UUID next() {
        long millis = System.currentTimeMillis();
        long rand = RANDOM.nextLong();
        long msb = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long lsb = (rand & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** e.g. {@code fld_k3m9x2qa}. */
    public static String metadataId(String prefix) {
        StringBuilder sb = new StringBuilder(prefix).append('_');
        for (int i = 0; i < 8; i++) sb.append(BASE36[RANDOM.nextInt(BASE36.length)]);
        return sb.toString();
    }

    public static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
