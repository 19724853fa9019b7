package dev.atrium.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.function.Consumer;

/**
 * PostgreSQL LISTEN/NOTIFY between the nodes sharing a database: one subscriber connection per node,
 * reconnecting on its own. Senders use {@code SELECT pg_notify(channel, payload)} inside their
 * transaction, so a notification is delivered only if the change committed.
 */
public final class Notifications implements AutoCloseable {
    private final PgSubscriber subscriber;

    public Notifications(Vertx vertx, PgConnectOptions options) {
        this.subscriber =
                PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> retries < 1000 ? 500L : -1L);
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
