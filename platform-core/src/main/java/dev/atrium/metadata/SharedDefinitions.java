package dev.atrium.metadata;

import dev.atrium.metadata.model.EntityDef;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Entity definitions shared between organisations: a thousand organisations with the same package
 * version have the same entity documents, and hold one parsed definition of each instead of a thousand
 * (definitions are immutable, so sharing them is as safe as sharing them between requests). A definition
 * lives while some organisation's snapshot uses it (weakly held here).
 */
final class SharedDefinitions {
    private static final Map<String, WeakReference<EntityDef>> BY_DOCUMENT = new ConcurrentHashMap<>();
    private static final int SWEEP_EVERY = 1_000;
    private static final java.util.concurrent.atomic.AtomicInteger INSERTS =
            new java.util.concurrent.atomic.AtomicInteger();

    private SharedDefinitions() {}

    /** The definition in use for the document with this hash (PostgreSQL's md5 of the stored JSON), or null. */
    static EntityDef get(String hash) {
        WeakReference<EntityDef> ref = BY_DOCUMENT.get(hash);
        return ref == null ? null : ref.get();
    }

    /** The definition of {@code document}: the one in use when there is one, else parsed and kept. */
    static EntityDef of(String hash, String document, Function<String, EntityDef> parse) {
        EntityDef shared = get(hash);
        if (shared != null) return shared;
        EntityDef parsed = parse.apply(document);
        BY_DOCUMENT.put(hash, new WeakReference<>(parsed));
        if (INSERTS.incrementAndGet() % SWEEP_EVERY == 0) BY_DOCUMENT.values().removeIf(r -> r.get() == null);
        return parsed;
    }

    static int size() {
        return BY_DOCUMENT.size();
    }
}
