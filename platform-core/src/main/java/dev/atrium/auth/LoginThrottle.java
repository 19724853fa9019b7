package dev.atrium.auth;

import dev.atrium.internal.ApiProblem;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per client address in a sliding window, per node: more than {@value #MAX_FAILURES}
 * failures within {@value #WINDOW_SECONDS} s get 429 until the window moves on. Accounts are locked
 * separately, in the database (so across nodes).
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 20;
    static final int WINDOW_SECONDS = 600;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    void check(String ip) {
        if (ip == null) return;
        Deque<Long> d = failures.get(ip);
        if (d == null) return;
        synchronized (d) {
            prune(d);
            if (d.size() >= MAX_FAILURES) {
                long retry = Math.max(1, (d.peekFirst() + WINDOW_SECONDS * 1000L - System.currentTimeMillis()) / 1000);
                throw new ApiProblem(
                        429,
                        "too-many-logins",
                        "Too many failed logins",
                        "too many failed logins from this address; try again in " + retry + " seconds",
                        null,
                        null);
            }
        }
    }

    void failed(String ip) {
        if (ip == null) return;
        if (failures.size() > 100_000) failures.clear();
        Deque<Long> d = failures.computeIfAbsent(ip, k -> new ArrayDeque<>());
        synchronized (d) {
            prune(d);
            d.addLast(System.currentTimeMillis());
        }
    }

    private static void prune(Deque<Long> d) {
        long cutoff = System.currentTimeMillis() - WINDOW_SECONDS * 1000L;
        while (!d.isEmpty() && d.peekFirst() < cutoff) d.removeFirst();
    }
}
