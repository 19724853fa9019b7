package dev.atrium.audit;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * View and export events, written in batches so that a busy read path costs one database round trip
 * per batch instead of one per read — and durably: {@link #record} returns only after the batch holding
 * the event has been written, so the response that acknowledges a read is never sent for an event that
 * a crash could lose. {@value #WRITERS} writers each take whatever has queued (up to {@value #MAX_BATCH})
 * and write it with one pipelined batch; several writers let commits overlap (PostgreSQL groups their
 * WAL flushes) instead of every read waiting behind one flush at a time.
 */
public final class ViewLog implements AutoCloseable {
    static final int MAX_BATCH = 500;
    static final int WRITERS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(ViewLog.class);
    private static final String SQL =
            "INSERT INTO atrium.audit_log (tenant_id, actor, ip, user_agent, action, entity, record_id, "
                    + "changes, changes_hash) "
                    + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, sha256(convert_to($8::jsonb::text, 'UTF8')))";

    private record Event(Tuple row, CompletableFuture<Void> written) {}

    private final Pool pool;
    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final java.util.List<Thread> writers = new java.util.ArrayList<>();
    private volatile boolean running = true;

    public ViewLog(Pool pool) {
        this.pool = pool;
        for (int i = 0; i < WRITERS; i++)
            writers.add(Thread.ofVirtual().name("atrium-view-log-" + i).start(this::run));
    }

    /** Records a view or export and waits until it is written. Call from a virtual thread. */
    public void record(
            UUID tenant,
            UUID actor,
            String ip,
            String userAgent,
            String action,
            String entity,
            UUID record,
            JsonObject details) {
        Tuple row = Tuple.wrap(new ArrayList<>(Arrays.asList(
                tenant,
                actor,
                ip,
                userAgent == null ? null : userAgent.substring(0, Math.min(300, userAgent.length())),
                action,
                entity,
                record,
                details == null ? new JsonObject() : details)));
        Event e = new Event(row, new CompletableFuture<>());
        queue.add(e);
        e.written().join();
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
                    pool.preparedQuery(SQL)
                            .executeBatch(batch.stream().map(Event::row).toList())
                            .await();
                    batch.forEach(e -> e.written().complete(null));
                } catch (RuntimeException ex) {
                    LOG.error(
                            "could not write {} view/export event(s); the requests that caused them fail",
                            batch.size(),
                            ex);
                    batch.forEach(e -> e.written().completeExceptionally(ex));
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
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
