package dev.atrium.auth;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Principals of recently seen session and API tokens, so a request does not cost a database lookup
 * for authentication. Correctness does not rest on expiry: logout, token revocation and user changes
 * evict the user's entries on this node at once and on the other nodes through NOTIFY
 * ({@value #CHANNEL}); the short TTL only bounds how long a missed notification could matter.
 */
final class CredentialCache {
    static final String CHANNEL = "atrium_auth";
    private static final long TTL_NANOS = 60_000_000_000L;
    private static final int MAX_ENTRIES = 100_000;

    private record Entry(Principal principal, long expiresAt) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    Principal get(String key) {
        Entry e = entries.get(key);
        if (e == null) return null;
        if (System.nanoTime() - e.expiresAt() > 0) {
            entries.remove(key, e);
            return null;
        }
        return e.principal();
    }

    /** Caches until {@code expiresAtNanos} (nanoTime) or the TTL, whichever comes first. */
    void put(String key, Principal p, long expiresAtNanos) {
        if (entries.size() >= MAX_ENTRIES) entries.clear();
        long ttl = System.nanoTime() + TTL_NANOS;
        entries.put(key, new Entry(p, expiresAtNanos - ttl < 0 ? expiresAtNanos : ttl));
    }

    /** Forgets every cached credential (after missed revocations). */
    void clear() {
        entries.clear();
    }

    void evictUser(UUID userId) {
        entries.values().removeIf(e -> e.principal().userId().equals(userId));
    }
}
