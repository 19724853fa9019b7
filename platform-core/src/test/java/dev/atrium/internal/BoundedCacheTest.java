package dev.atrium.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {
    @Test
    void holdsAtMostItsBoundAndDropsTheLeastRecentlyUsed() {
        BoundedCache<Integer, String> cache = new BoundedCache<>(100);
        for (int i = 0; i < 100; i++) cache.put(i, "v" + i);
        cache.get(0); // used lately: survives
        cache.put(100, "v100");
        assertTrue(cache.size() <= 100, "size " + cache.size());
        assertNotNull(cache.get(0), "recently used");
        assertNotNull(cache.get(100), "just put");
        assertNull(cache.get(1), "the least recently used went first");
    }

    @Test
    void mergeKeepsWhatTheChooserPicks() {
        BoundedCache<String, Integer> versions = new BoundedCache<>(10);
        versions.merge("t", 3, Math::max);
        assertEquals(3, versions.merge("t", 2, (a, b) -> a >= b ? a : b), "never goes back");
        assertEquals(5, versions.merge("t", 5, (a, b) -> a >= b ? a : b));
    }

    @Test
    void manyThreadsNeverPushItFarPastItsBound() throws Exception {
        BoundedCache<Integer, Integer> cache = new BoundedCache<>(500);
        try (var pool = Executors.newFixedThreadPool(8)) {
            IntStream.range(0, 8)
                    .forEach(t -> pool.submit(() -> {
                        for (int i = 0; i < 20_000; i++) {
                            cache.put(t * 100_000 + i, i);
                            cache.get(t * 100_000 + i / 2);
                        }
                    }));
        }
        assertTrue(cache.size() <= 500 + 8, "size " + cache.size());
    }
}
