package dev.atrium.audit;

import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.record.RecordContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading the audit trail (query, per-record field history, verification), and its upkeep: monthly
 * partitions created ahead of time, pending entries sealed into the hash chain, retention applied.
 * Awaits: virtual threads only.
 */
public final class AuditService {
    private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);
    private final Pool pool;
    private final AuditChain chain;

    public AuditService(Pool pool) {
        this.pool = pool;
        this.chain = new AuditChain(pool);
    }

    public AuditChain chain() {
        return chain;
    }

    /** Creates this month's and the next two months' partitions if missing. */
    public void ensurePartitions() {
        LocalDate month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        for (int i = 0; i < 3; i++) {
            LocalDate from = month.plusMonths(i);
            String name = "audit_log_y" + from.getYear() + "m" + String.format("%02d", from.getMonthValue());
            pool.query("CREATE TABLE IF NOT EXISTS atrium." + name + " PARTITION OF atrium.audit_log FOR VALUES FROM ('"
                            + from + "') TO ('" + from.plusMonths(1) + "')")
                    .execute()
                    .await();
        }
    }

    /** One round of upkeep: partitions, sealing, retention. Safe to run on every node. */
    public void upkeep() {
        try {
            ensurePartitions();
            chain.sealPending();
            applyRetention();
        } catch (RuntimeException e) {
            LOG.warn("audit upkeep failed (will retry): {}", e.getMessage());
        }
    }

    private void applyRetention() {
        dev.atrium.db.Tx.run(pool, conn -> {
            conn.query("SET LOCAL atrium.retention = 'on'").execute().await();
            conn.query("UPDATE atrium.audit_log a SET changes = NULL FROM atrium.audit_retention r "
                            + "WHERE a.tenant_id = r.tenant_id AND a.entity = r.entity AND a.seq IS NOT NULL "
                            + "AND a.changes IS NOT NULL "
                            + "AND a.at < now() - r.days * interval '1 day'")
                    .execute()
                    .await();
            return null;
        });
    }

    public void setRetention(UUID tenant, String entity, Integer days) {
        if (days == null) {
            pool.preparedQuery("DELETE FROM atrium.audit_retention WHERE tenant_id = $1 AND entity = $2")
                    .execute(Tuple.of(tenant, entity))
                    .await();
        } else {
            if (days < 1) throw ApiProblem.invalidField("/days", "days must be at least 1");
            pool.preparedQuery("INSERT INTO atrium.audit_retention (tenant_id, entity, days) VALUES ($1, $2, $3) "
                            + "ON CONFLICT (tenant_id, entity) DO UPDATE SET days = EXCLUDED.days")
                    .execute(Tuple.of(tenant, entity, days))
                    .await();
        }
    }

    /** Entries matching the filters, newest first; {@code before} pages by entry id. */
    public JsonObject query(
            UUID tenant,
            UUID user,
            String entity,
            UUID record,
            String action,
            OffsetDateTime from,
            OffsetDateTime to,
            Long before,
            int limit) {
        List<Object> params = new ArrayList<>(List.of(tenant));
        StringBuilder where = new StringBuilder("tenant_id = $1");
        if (user != null) {
            params.add(user);
            where.append(" AND actor = $").append(params.size());
        }
        if (entity != null) {
            params.add(entity);
            where.append(" AND entity = $").append(params.size());
        }
        if (record != null) {
            params.add(record);
            where.append(" AND record_id = $").append(params.size());
        }
        if (action != null) {
            params.add(action);
            where.append(" AND action = $").append(params.size());
        }
        if (from != null) {
            params.add(from);
            where.append(" AND at >= $").append(params.size());
        }
        if (to != null) {
            params.add(to);
            where.append(" AND at < $").append(params.size());
        }
        if (before != null) {
            params.add(before);
            where.append(" AND id < $").append(params.size());
        }
        params.add(limit + 1);
        JsonArray data = new JsonArray();
        Long last = null;
        int n = 0;
        boolean more = false;
        for (Row r : pool.preparedQuery(
                        "SELECT id, at, actor, ip, user_agent, action, entity, record_id, changes, seq FROM "
                                + "atrium.audit_log WHERE "
                                + where + " ORDER BY id DESC LIMIT $" + params.size())
                .execute(Tuple.wrap(params))
                .await()) {
            if (n++ == limit) {
                more = true;
                break;
            }
            data.add(entry(r));
            last = r.getLong("id");
        }
        ActorNames.attach(pool, tenant, data);
        return new JsonObject().put("data", data).put("next", more ? last : null);
    }

    /**
     * A record's history (create, field changes, delete, restore, views), for readers of the record, minus fields they
     * cannot see.
     */
    public JsonArray history(RecordContext ctx, EntityDef e, UUID id) {
        JsonArray out = new JsonArray();
        for (Row r : pool.preparedQuery(
                        "SELECT id, at, actor, ip, user_agent, action, entity, record_id, changes, seq FROM "
                                + "atrium.audit_log "
                                + "WHERE tenant_id = $1 AND record_id = $2 AND entity = $3 ORDER BY id DESC LIMIT 500")
                .execute(Tuple.of(ctx.tenant().id(), id, e.name()))
                .await()) {
            JsonObject o = entry(r);
            JsonObject changes = o.getJsonObject("changes");
            if (changes != null) {
                for (String k : new ArrayList<>(changes.fieldNames())) {
                    String field = k.contains("__") ? k.substring(0, k.indexOf("__")) : k;
                    var f = e.field(field);
                    if (f.isPresent() && !ctx.access().fields().visible(e, f.get())) changes.remove(k);
                }
            }
            o.remove("ip");
            o.remove("userAgent");
            out.add(o);
        }
        ActorNames.attach(pool, ctx.tenant().id(), out);
        return out;
    }

    private static JsonObject entry(Row r) {
        return new JsonObject()
                .put("id", r.getLong("id"))
                .put(
                        "at",
                        r.getOffsetDateTime("at")
                                .withOffsetSameInstant(ZoneOffset.UTC)
                                .toString())
                .put(
                        "actor",
                        r.getUUID("actor") == null ? null : r.getUUID("actor").toString())
                .put("ip", r.getString("ip"))
                .put("userAgent", r.getString("user_agent"))
                .put("action", r.getString("action"))
                .put("entity", r.getString("entity"))
                .put(
                        "recordId",
                        r.getUUID("record_id") == null
                                ? null
                                : r.getUUID("record_id").toString())
                .put("changes", r.getJsonObject("changes"))
                .put("sealed", r.getValue("seq") != null);
    }
}
