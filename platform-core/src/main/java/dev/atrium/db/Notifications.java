package dev.atrium.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * PostgreSQL LISTEN/NOTIFY between the nodes sharing a database: one subscriber connection per node,
 * reconnecting on its own for as long as the node runs (every 0.5 s at first, then every 10 s). Senders
 * use {@code SELECT pg_notify(channel, payload)} inside their transaction, so a notification is
 * delivered only if the change committed. Notifications sent while the connection was down are lost, so
 * after every reconnect the {@link #onReconnect} handlers run: each cache forgets what it held and loads
 * it again on next use.
 */
public final class Notifications implements AutoCloseable {
    private static final String RESYNC = "atrium_resync";
    private final PgSubscriber subscriber;
    private final List<Runnable> resyncs = new CopyOnWriteArrayList<>();
    private final AtomicInteger subscriptions = new AtomicInteger();

    public Notifications(Vertx vertx, PgConnectOptions options) {
        // never give up: a node that stops listening serves stale metadata and honours revoked tokens
        this.subscriber =
                PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> retries < 20 ? 500L : 10_000L);
        // every channel is listened to again after a reconnect; this one says that it happened
        subscriber.channel(RESYNC).handler(ignored -> {}).subscribeHandler(v -> {
            if (subscriptions.incrementAndGet() > 1) resyncs.forEach(Runnable::run);
        });
    }

    /**
     * Runs {@code forget} after every reconnect (on an event loop: keep it short, no awaiting): what was
     * announced meanwhile never arrived, so cached state must be loaded again.
     */
    public void onReconnect(Runnable forget) {
        resyncs.add(forget);
    }

    /** Registers a handler (called on an event loop: keep it short, no awaiting). Call before {@link #connect}. */
    public void on(String channel, Consumer<String> handler) {
        subscriber.channel(channel).handler(handler::accept);
    }

    /** Connects and starts listening. Awaits: virtual thread only. */
    public void connect() {
        subscriber.connect().await();
    }

    @Override
    public void close() {
        subscriber.close();
    }
}
