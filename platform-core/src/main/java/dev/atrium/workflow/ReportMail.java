package dev.atrium.workflow;

import dev.atrium.access.AccessService;
import dev.atrium.analytics.ReportRunner;
import dev.atrium.auth.AuthService;
import dev.atrium.auth.Principal;
import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.query.FilterException;
import dev.atrium.metadata.query.ReportDef;
import dev.atrium.record.RecordContext;
import dev.atrium.tenant.Tenant;
import dev.atrium.tenant.TenantService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reports and dashboards sent on a schedule ({@code "schedule": {"cron", "zone", "to": {"users",
 * "roles"}}} on a report or dashboard). When the cron time passes in the schedule's zone, one job; the
 * job runs the report for each recipient <em>as that recipient</em> (their access, their numbers) and
 * delivers a summary to their inbox, and by e-mail through the email-channel plugin when the organisation
 * enabled it. The first sight of a schedule only records the time, so deploying never sends for the past.
 */
public final class ReportMail {
    static final String EMAIL_ACTION = "email-channel/send-email";
    private static final int ROWS = 10;
    private final Pool pool;
    private final MetadataRegistry metadata;
    private final TenantService tenants;
    private final AuthService auth;
    private final AccessService access;
    private final dev.atrium.inbox.Inbox inbox;
    private final ReportRunner runner;

    ReportMail(
            Pool pool,
            MetadataRegistry metadata,
            TenantService tenants,
            AuthService auth,
            AccessService access,
            dev.atrium.inbox.Inbox inbox,
            dev.atrium.metadata.types.FieldTypeRegistry types) {
        this.pool = pool;
        this.metadata = metadata;
        this.tenants = tenants;
        this.auth = auth;
        this.access = access;
        this.inbox = inbox;
        this.runner = new ReportRunner(pool, types);
    }

    /** A scheduled report or dashboard of one entity. */
    private record Scheduled(EntityDef entity, String kind, Map<?, ?> def, Map<?, ?> schedule) {
        String name() {
            return String.valueOf(def.get("name"));
        }

        /** Fits the schedule table's 32-character key: a digest of entity, kind and name. */
        String key() {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256")
                        .digest((entity.name() + "/" + kind + "/" + name()).getBytes(StandardCharsets.UTF_8));
                return "rep_" + HexFormat.of().formatHex(d).substring(0, 28);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static List<Scheduled> scheduled(MetadataSnapshot snap) {
        List<Scheduled> out = new ArrayList<>();
        for (EntityDef e : snap.entities()) {
            for (String kind : List.of("reports", "dashboards")) {
                if (!(e.ui().get(kind) instanceof List<?> list)) continue;
                for (Object o : list) {
                    if (o instanceof Map<?, ?> d && d.get("schedule") instanceof Map<?, ?> s) {
                        out.add(new Scheduled(e, kind.equals("reports") ? "report" : "dashboard", d, s));
                    }
                }
            }
        }
        return out;
    }

    /** Enqueues the deliveries whose time has come for one tenant; returns how many. */
    static int schedule(Pool pool, MetadataSnapshot snap, UUID tenant, ZonedDateTime nowUtc) {
        int n = 0;
        for (Scheduled s : scheduled(snap)) {
            String cron = String.valueOf(s.schedule().get("cron"));
            if (Cron.check(cron) != null) continue;
            ZoneId zone = zone(s.schedule());
            OffsetDateTime fire = Cron.last(cron, nowUtc.withZoneSameInstant(zone))
                    .map(ZonedDateTime::toOffsetDateTime)
                    .orElse(null);
            if (fire == null) continue;
            n += Tx.run(pool, conn -> {
                var rows = conn.preparedQuery("SELECT last_fired FROM atrium.workflow_schedule WHERE tenant_id = $1"
                                + " AND workflow_id = $2 FOR UPDATE")
                        .execute(Tuple.of(tenant, s.key()))
                        .await();
                if (rows.size() == 0) {
                    conn.preparedQuery("INSERT INTO atrium.workflow_schedule (tenant_id, workflow_id, last_fired)"
                                    + " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                            .execute(Tuple.of(tenant, s.key(), fire))
                            .await();
                    return 0;
                }
                if (!fire.isAfter(rows.iterator().next().getOffsetDateTime("last_fired"))) return 0;
                conn.preparedQuery("UPDATE atrium.workflow_schedule SET last_fired = $3 WHERE tenant_id = $1"
                                + " AND workflow_id = $2")
                        .execute(Tuple.of(tenant, s.key(), fire))
                        .await();
                JsonObject payload = new JsonObject()
                        .put("entity", s.entity().name())
                        .put("kind", s.kind())
                        .put("name", s.name())
                        .put("fire", fire.toString());
                return conn.preparedQuery("INSERT INTO atrium.jobs (tenant_id, kind, payload, idempotency_key) "
                                + "VALUES ($1, 'report', $2, $3) ON CONFLICT DO NOTHING")
                        .execute(Tuple.of(tenant, payload, s.key() + ":" + fire.toEpochSecond()))
                        .await()
                        .rowCount();
            });
        }
        return n;
    }

    static ZoneId zone(Map<?, ?> schedule) {
        try {
            return schedule.get("zone") instanceof String z ? ZoneId.of(z) : ZoneOffset.UTC;
        } catch (java.time.DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** Runs one delivery job: each recipient gets what they may see. */
    JsonObject deliver(UUID tenantId, JsonObject payload, dev.atrium.plugins.PluginServices plugins) {
        Tenant tenant = tenants.byId(tenantId);
        MetadataSnapshot snap = metadata.snapshot(tenantId);
        Scheduled s = scheduled(snap).stream()
                .filter(x -> x.entity().name().equals(payload.getString("entity"))
                        && x.kind().equals(payload.getString("kind"))
                        && x.name().equals(payload.getString("name")))
                .findFirst()
                .orElse(null);
        if (s == null) return new JsonObject().put("skipped", "the schedule is gone");
        ZoneId zone = zone(s.schedule());
        boolean email = plugins != null && plugins.checkAction(tenantId, EMAIL_ACTION) == null;
        JsonArray sent = new JsonArray();
        for (Row r : recipients(tenantId, s.schedule())) {
            UUID user = r.getUUID("id");
            Principal p = auth.principalOf(user, tenantId);
            RecordContext ctx = new RecordContext(tenant, p, snap, access.of(p, snap));
            String title = title(s);
            String body = s.kind().equals("report") ? summary(ctx, s.entity(), s.def(), zone) : dashboard(ctx, s, zone);
            body += "\n\n#/" + (s.kind().equals("report") ? "reports/" : "dashboards/")
                    + s.entity().name() + "/" + s.name();
            long note =
                    inbox.notify(pool, tenantId, user, title, body, s.entity().name(), null);
            JsonObject done = new JsonObject().put("user", user.toString()).put("notification", note);
            if (email) {
                plugins.runAction(
                        tenant,
                        EMAIL_ACTION,
                        s.entity().name(),
                        new JsonObject(),
                        new JsonObject()
                                .put("to", r.getString("email"))
                                .put("subject", title)
                                .put("body", body),
                        "report-" + s.key() + "-" + user + "-" + payload.getString("fire"));
                done.put("emailed", r.getString("email"));
            }
            sent.add(done);
        }
        return new JsonObject().put("delivered", sent);
    }

    private List<Row> recipients(UUID tenant, Map<?, ?> schedule) {
        Map<?, ?> to = schedule.get("to") instanceof Map<?, ?> m ? m : Map.of();
        String[] emails = strings(to.get("users")).stream()
                .map(x -> x.toLowerCase(java.util.Locale.ROOT))
                .toArray(String[]::new);
        String[] roles = strings(to.get("roles")).toArray(String[]::new);
        List<Row> out = new ArrayList<>();
        pool.preparedQuery("SELECT id, email FROM atrium.users WHERE tenant_id = $1 AND active AND (lower(email) ="
                        + " ANY($2) OR role_id IN (SELECT id FROM atrium.roles WHERE tenant_id = $1"
                        + " AND name = ANY($3))) ORDER BY email")
                .execute(Tuple.of(tenant, (Object) emails, (Object) roles))
                .await()
                .forEach(out::add);
        return out;
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) for (Object o : l) out.add(String.valueOf(o));
        return out;
    }

    private static String title(Scheduled s) {
        Object label = s.def().get("label") instanceof Map<?, ?> l && l.get("en") != null ? l.get("en") : s.name();
        return label + " (" + OffsetDateTime.now(ZoneOffset.UTC).toLocalDate() + ")";
    }

    private String dashboard(RecordContext ctx, Scheduled s, ZoneId zone) {
        StringBuilder out = new StringBuilder();
        for (Object o : s.def().get("components") instanceof List<?> l ? l : List.of()) {
            if (!(o instanceof Map<?, ?> c)) continue;
            String ref = String.valueOf(c.get("report"));
            String entity = ref.contains(".")
                    ? ref.substring(0, ref.indexOf('.'))
                    : s.entity().name();
            String name = ref.substring(ref.indexOf('.') + 1);
            EntityDef e = ctx.snapshot().entity(entity).orElse(null);
            Map<?, ?> def = e == null ? null : scheduledOrNot(e, name);
            out.append("## ").append(name).append('\n');
            out.append(def == null ? "(no such report)" : summary(ctx, e, def, zone))
                    .append("\n\n");
        }
        return out.toString().trim();
    }

    private static Map<?, ?> scheduledOrNot(EntityDef e, String name) {
        if (!(e.ui().get("reports") instanceof List<?> l)) return null;
        for (Object o : l) if (o instanceof Map<?, ?> m && name.equals(m.get("name"))) return m;
        return null;
    }

    /** The report as its recipient may see it: the first groups and the totals, as text. */
    private String summary(RecordContext ctx, EntityDef e, Map<?, ?> def, ZoneId zone) {
        JsonObject result;
        try {
            result = runner.run(ctx, e, ReportDef.parse(def, ""), new ReportRunner.Run(Map.of(), null, zone));
        } catch (FilterException | ApiProblem x) {
            return "You cannot run this report: " + x.getMessage();
        }
        StringBuilder out = new StringBuilder();
        JsonArray aggs = result.getJsonArray("aggregates");
        JsonArray rows = result.getJsonArray("rows", new JsonArray());
        int shown = 0;
        for (Object o : rows) {
            JsonObject row = (JsonObject) o;
            if (row.getInteger("level", 0) != 1 || shown++ == ROWS) continue;
            Object key = row.getJsonArray("display").getValue(0) != null
                    ? row.getJsonArray("display").getValue(0)
                    : row.getJsonArray("keys").getValue(0);
            out.append("- ")
                    .append(key == null ? "(empty)" : key)
                    .append(": ")
                    .append(values(aggs, row.getJsonObject("values")))
                    .append('\n');
        }
        out.append("Total: ").append(values(aggs, result.getJsonObject("totals", new JsonObject())));
        return out.toString();
    }

    private static String values(JsonArray aggs, JsonObject v) {
        List<String> parts = new ArrayList<>();
        for (Object a : aggs) {
            String name = ((JsonObject) a).getString("name");
            parts.add(name + " " + (v.getValue(name) == null ? "-" : v.getValue(name)));
        }
        return String.join(", ", parts);
    }
}
