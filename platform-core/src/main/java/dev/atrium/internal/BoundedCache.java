package dev.atrium.internal;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A concurrent map that holds at most {@code max} entries: past that, the least recently used tenth is
 * dropped (what is dropped is loaded again on its next use). Reads stay lock-free; only the insert that
 * crosses the bound pays for the eviction. For caches whose keys grow with organisations or people, so
 * that a node's memory follows what is in use, not what exists.
 */
public final class BoundedCache<K, V> {
    private record Entry<V>(V value, AtomicLong used) {}

    private final Map<K, Entry<V>> map = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final int max;

    public BoundedCache(int max) {
        if (max < 1) throw new IllegalArgumentException("a cache holds at least one entry");
        this.max = max;
    }

    public V get(K key) {
        Entry<V> e = map.get(key);
        if (e == null) return null;
        e.used().set(clock.incrementAndGet());
        return e.value();
    }

    public void put(K key, V value) {
        map.put(key, new Entry<>(value, new AtomicLong(clock.incrementAndGet())));
        if (map.size() > max) evict();
    }

    /** Like {@link Map#merge}: keeps what {@code choose} picks between the cached value and {@code value}. */
    public V merge(K key, V value, BiFunction<V, V, V> choose) {
        Entry<V> kept = map.merge(
                key,
                new Entry<>(value, new AtomicLong(clock.incrementAndGet())),
                (a, b) -> choose.apply(a.value(), b.value()) == a.value() ? a : b);
        if (map.size() > max) evict();
        return kept.value();
    }

    public void remove(K key) {
        map.remove(key);
    }

    public void removeIf(Predicate<V> which) {
        map.values().removeIf(e -> which.test(e.value()));
    }

    public void clear() {
        map.clear();
    }

    public int size() {
        return map.size();
    }

    public boolean containsKey(K key) {
        return map.containsKey(key);
    }

    private synchronized void evict() {
        int excess = map.size() - max;
        if (excess <= 0) return;
        int drop = Math.max(excess, max / 10);
        map.entrySet().stream()
                .sorted(Comparator.comparingLong(e -> e.getValue().used().get()))
                .limit(drop)
                .map(Map.Entry::getKey)
                .toList()
                .forEach(map::remove);
    }
}
