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
 * {@value #MAX_BATCH}) and write it with one pipelined batch; several writers let commits overlap
 * (PostgreSQL groups their WAL flushes).
 *
 * <p>Exports, downloads and archives are durable: {@link #record} returns only after the batch holding
 * the event is written, so no acknowledged export is ever unlogged. Record views are durable only in
 * organisations that ask for it ({@link #setDurableViews}); elsewhere a view is queued and the read
 * answered at once: a crash loses at most the views queued in the last moments (the writers write as
 * soon as anything is queued; the queue holds at most {@value #CAPACITY} events, beyond which reads wait
 * for room), the bounded-loss event log large platforms use for reads.
 */
public final class ViewLog implements AutoCloseable {
    static final int MAX_BATCH = 500;
    static final int WRITERS = 4;
    static final int CAPACITY = 50_000;
    /** How long an organisation's choice is cached on a node (a change on another node arrives within it). */
    private static final long SETTING_TTL_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ViewLog.class);
    /** A whole batch in one statement: the executor and the partition routing are set up once, not per event. */
    private static final String SQL =
            "INSERT INTO atrium.audit_log (tenant_id, actor, ip, user_agent, action, entity, record_id, "
                    + "changes, changes_hash) "
                    + "SELECT t, a, i, u, ac, e, r, c::jsonb, sha256(convert_to(c::jsonb::text, 'UTF8')) "
                    + "FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], "
                    + "$7::uuid[], $8::text[]) AS x(t, a, i, u, ac, e, r, c)";

    private record Event(
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
    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.Map<UUID, long[]> durable = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.List<Thread> writers = new java.util.ArrayList<>();
    private volatile boolean running = true;

    public ViewLog(Pool pool) {
        this.pool = pool;
        for (int i = 0; i < WRITERS; i++)
            writers.add(Thread.ofVirtual().name("atrium-view-log-" + i).start(this::run));
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
            queue.put(e);
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

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                Event first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                List<Event> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                try {
                    pool.preparedQuery(SQL).execute(columns(batch)).await();
                    batch.forEach(e -> e.written().complete(null));
                } catch (RuntimeException ex) {
                    LOG.error(
                            "could not write {} view/export event(s); the requests waiting on them fail, queued "
                                    + "views are lost",
                            batch.size(),
                            ex);
                    batch.forEach(e -> e.written().completeExceptionally(ex));
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

    private static Tuple columns(List<Event> batch) {
        int n = batch.size();
        UUID[] tenants = new UUID[n], actors = new UUID[n], records = new UUID[n];
        String[] ips = new String[n], agents = new String[n], actions = new String[n], entities = new String[n];
        String[] details = new String[n];
        for (int i = 0; i < n; i++) {
            Event e = batch.get(i);
            tenants[i] = e.tenant();
            actors[i] = e.actor();
            ips[i] = e.ip();
            agents[i] = e.userAgent();
            actions[i] = e.action();
            entities[i] = e.entity();
            records[i] = e.record();
            details[i] = e.details();
        }
        return Tuple.of(tenants, actors, ips, agents, actions, entities, records, details);
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
