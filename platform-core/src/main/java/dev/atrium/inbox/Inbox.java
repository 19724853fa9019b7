package dev.atrium.inbox;

import dev.atrium.db.Notifications;
import dev.atrium.internal.ApiProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The in-app inbox. A notification is written in the transaction of whatever caused it and announced
 * with NOTIFY {@value #CHANNEL} (delivered on commit); every node pushes it to the user's open
 * server-sent-event streams. Awaits: virtual threads only (listeners run on an event loop).
 */
public final class Inbox {
    public static final String CHANNEL = "atrium_inbox";
    private final Pool pool;
    private final Map<UUID, Set<Consumer<JsonObject>>> listeners = new ConcurrentHashMap<>();

    public Inbox(Pool pool) {
        this.pool = pool;
    }

    public void listen(Notifications notifications) {
        notifications.on(CHANNEL, payload -> {
            JsonObject n = new JsonObject(payload);
            Set<Consumer<JsonObject>> ls = listeners.get(UUID.fromString(n.getString("user")));
            if (ls != null) ls.forEach(l -> l.accept(n));
        });
    }

    /** Adds a notification in the caller's transaction; it is pushed when that transaction commits. */
    public long notify(SqlClient tx, UUID tenant, UUID user, String title, String body, String entity, UUID record) {
        Row r = tx.preparedQuery("INSERT INTO atrium.notifications (tenant_id, user_id, title, body, entity, "
                        + "record_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at")
                .execute(Tuple.wrap(new java.util.ArrayList<>(java.util.Arrays.asList(
                        tenant, user, title.length() > 300 ? title.substring(0, 300) : title, body, entity, record))))
                .await()
                .iterator()
                .next();
        JsonObject n = new JsonObject()
                .put("id", r.getLong("id"))
                .put("user", user.toString())
                .put("title", title)
                .put("body", body)
                .put("entity", entity)
                .put("recordId", record == null ? null : record.toString())
                .put("createdAt", r.getOffsetDateTime("created_at").toString());
        String payload = n.encode();
        if (payload.length() > 7000) payload = n.put("body", null).encode();
        tx.preparedQuery("SELECT pg_notify($1, $2)")
                .execute(Tuple.of(CHANNEL, payload))
                .await();
        return r.getLong("id");
    }

    public JsonObject list(UUID user, boolean unreadOnly, int limit) {
        JsonArray out = new JsonArray();
        for (Row r : pool.preparedQuery("SELECT id, title, body, entity, record_id, created_at, read_at FROM "
                        + "atrium.notifications WHERE user_id = $1"
                        + (unreadOnly ? " AND read_at IS NULL" : "") + " ORDER BY id DESC LIMIT $2")
                .execute(Tuple.of(user, limit))
                .await()) {
            out.add(new JsonObject()
                    .put("id", r.getLong("id"))
                    .put("title", r.getString("title"))
                    .put("body", r.getString("body"))
                    .put("entity", r.getString("entity"))
                    .put(
                            "recordId",
                            r.getUUID("record_id") == null
                                    ? null
                                    : r.getUUID("record_id").toString())
                    .put("createdAt", r.getOffsetDateTime("created_at").toString())
                    .put(
                            "readAt",
                            r.getOffsetDateTime("read_at") == null
                                    ? null
                                    : r.getOffsetDateTime("read_at").toString()));
        }
        long unread = pool.preparedQuery(
                        "SELECT count(*) FROM atrium.notifications WHERE user_id = $1 AND read_at IS NULL")
                .execute(Tuple.of(user))
                .await()
                .iterator()
                .next()
                .getLong(0);
        return new JsonObject().put("data", out).put("unread", unread);
    }

    public void markRead(UUID user, long id) {
        if (pool.preparedQuery("UPDATE atrium.notifications SET read_at = coalesce(read_at, now()) WHERE id "
                                + "= $1 AND user_id = $2")
                        .execute(Tuple.of(id, user))
                        .await()
                        .rowCount()
                == 0) {
            throw ApiProblem.notFound("no notification " + id);
        }
    }

    /** Registers a live listener for the user's new notifications; returns a handle that removes it. */
    public Runnable subscribe(UUID user, Consumer<JsonObject> listener) {
        listeners.computeIfAbsent(user, k -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> {
            Set<Consumer<JsonObject>> ls = listeners.get(user);
            if (ls != null) ls.remove(listener);
        };
    }
}
