package dev.atrium.rules;

import java.time.Instant;

/**
 * The {@code now} rules receive: the current time in ISO 8601 to the millisecond, formatted once per
 * millisecond rather than once per execution (a busy node runs many rules in the same millisecond).
 */
final class Now {
    private record Stamp(long millis, String text) {}

    private static volatile Stamp last = new Stamp(Long.MIN_VALUE, "");

    private Now() {}

    static String text() {
        long millis = System.currentTimeMillis();
        Stamp s = last;
        if (s.millis() != millis) {
            s = new Stamp(millis, Instant.ofEpochMilli(millis).toString());
            last = s;
        }
        return s.text();
    }
}
