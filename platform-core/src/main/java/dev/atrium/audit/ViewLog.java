package dev.atrium.audit;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * View and export events, written in batches so that a busy read path costs one database round trip
 * per batch instead of one per read. {@value #WRITERS} writers each take whatever has queued (up to
 * {@value #MAX_BATCH}) and write each organisation's share already sealed into its hash chain
 * ({@link AuditChain#appendSealed}: one statement, one row version per event, where an entry sealed later
 * is written twice); several writers let commits overlap (PostgreSQL groups their WAL flushes).
 *
 * <p>Exports, downloads and archives are durable: {@link #record} returns only after the batch holding
 * the event is written, so no acknowledged export is ever unlogged. Record views are durable only in
 * organisations that ask for it ({@link #setDurableViews}); elsewhere a view is queued and the read
 * answered at once: a crash loses at most the views queued in the last moments (the writers write as
 * soon as anything is queued; the queues hold at most {@value #CAPACITY} events, beyond which reads wait
 * for room), the bounded-loss event log large platforms use for reads.
 */
public final class ViewLog implements AutoCloseable {
    static final int MAX_BATCH = 500;
    static final int WRITERS = 4;
    static final int CAPACITY = 50_000;
    /** How long an organisation's choice is cached on a node (a change on another node arrives within it). */
    private static final long SETTING_TTL_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ViewLog.class);

    record Event(
            UUID tenant,
            UUID actor,
            String ip,
            String userAgent,
            String action,
            String entity,
            UUID record,
            String details,
            CompletableFuture<Void> written) {}

    private final Pool pool;
    private final AuditChain chain;
    /**
     * One queue per writer, an organisation's events always in the same one: writers never wait for each
     * other's hold on an organisation's chain, and one writer's batch carries all its waiting reads.
     */
    private final List<LinkedBlockingQueue<Event>> queues = new ArrayList<>();

    private final java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.Map<UUID, long[]> durable = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.List<Thread> writers = new java.util.ArrayList<>();
    private volatile boolean running = true;

    public ViewLog(Pool pool) {
        this.pool = pool;
        this.chain = new AuditChain(pool);
        for (int i = 0; i < WRITERS; i++) {
            LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>(CAPACITY / WRITERS);
            queues.add(queue);
            writers.add(Thread.ofVirtual().name("atrium-view-log-" + i).start(() -> run(queue)));
        }
    }

    /**
     * Records a view or export: waits until it is written, except a record view in an organisation
     * without durable views, which is queued. Call from a virtual thread.
     */
    public void record(
            UUID tenant,
            UUID actor,
            String ip,
            String userAgent,
            String action,
            String entity,
            UUID record,
            JsonObject details) {
        Event e = new Event(
                tenant,
                actor,
                ip,
                userAgent == null ? null : userAgent.substring(0, Math.min(300, userAgent.length())),
                action,
                entity,
                record,
                (details == null ? new JsonObject() : details).encode(),
                new CompletableFuture<>());
        pending.incrementAndGet();
        try {
            queues.get(Math.floorMod(tenant.hashCode(), WRITERS)).put(e);
        } catch (InterruptedException ie) {
            pending.decrementAndGet();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while logging a view", ie);
        }
        if (!"view".equals(action) || durableViews(tenant)) e.written().join();
    }

    /** Whether the organisation's record views are written before the read is answered. */
    public boolean durableViews(UUID tenant) {
        long now = System.currentTimeMillis();
        long[] cached = durable.get(tenant);
        if (cached != null && now - cached[1] < SETTING_TTL_MS) return cached[0] == 1;
        boolean on = false;
        for (var r : pool.preparedQuery("SELECT durable_view_log FROM atrium.tenants WHERE id = $1")
                .execute(Tuple.of(tenant))
                .await()) on = r.getBoolean(0);
        durable.put(tenant, new long[] {on ? 1 : 0, now});
        return on;
    }

    /** Sets whether the organisation's record views are durable (this node at once, others within 10 s). */
    public void setDurableViews(UUID tenant, boolean on) {
        pool.preparedQuery("UPDATE atrium.tenants SET durable_view_log = $2 WHERE id = $1")
                .execute(Tuple.of(tenant, on))
                .await();
        durable.remove(tenant);
    }

    /** Waits until every event queued so far is written (tests, and a node that stops). */
    public void flush() {
        synchronized (pending) {
            while (pending.get() > 0) {
                try {
                    pending.wait(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void run(LinkedBlockingQueue<Event> queue) {
        while (running || !queue.isEmpty()) {
            try {
                Event first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                List<Event> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                try {
                    // each organisation's events sealed as they are written: one statement, one row version each
                    java.util.Map<UUID, List<Event>> byTenant = new java.util.LinkedHashMap<>();
                    for (Event e : batch)
                        byTenant.computeIfAbsent(e.tenant(), t -> new ArrayList<>())
                                .add(e);
                    for (var group : byTenant.entrySet()) write(group.getKey(), group.getValue());
                } finally {
                    synchronized (pending) {
                        pending.addAndGet(-batch.size());
                        pending.notifyAll();
                    }
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(UUID tenant, List<Event> events) {
        try {
            chain.appendSealed(tenant, events);
            events.forEach(e -> e.written().complete(null));
        } catch (RuntimeException ex) {
            LOG.error(
                    "could not write {} view/export event(s); the requests waiting on them fail, queued views are "
                            + "lost",
                    events.size(),
                    ex);
            events.forEach(e -> e.written().completeExceptionally(ex));
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread w : writers) {
            try {
                w.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
