package dev.atrium.analytics;

import dev.atrium.access.AccessService;
import dev.atrium.auth.Principal;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.query.ReportDef;
import dev.atrium.record.RecordContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboards ({@code ui.dashboards} of an entity): each component a report's chart, run with the viewer's
 * access (or, with {@code runAs}, a named user's), under the dashboard-wide filters: a date range on each
 * report's {@code dateField} and an owner. Results are kept for five minutes per viewer, filters and
 * metadata version, and say when they were computed; {@code refresh} computes them again.
 */
public final class Dashboards {
    static final long TTL_MILLIS = 5 * 60_000;
    private static final int MAX_CACHED = 2_000;
    /** Component queries of one dashboard running at once: enough for the cores, few for the pool. */
    static final int PARALLEL = 4;

    private final Pool pool;
    private final Reports reports;
    private final ReportRunner runner;
    private final AccessService access;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(JsonObject answer, long at) {}

    /** The dashboard-wide filters of one view. */
    public record Filters(LocalDate from, LocalDate to, UUID owner, UUID team) {
        public static Filters parse(String from, String to, String owner, String team) {
            try {
                return new Filters(
                        from == null || from.isBlank() ? null : LocalDate.parse(from),
                        to == null || to.isBlank() ? null : LocalDate.parse(to),
                        owner == null || owner.isBlank() ? null : UUID.fromString(owner),
                        team == null || team.isBlank() ? null : UUID.fromString(team));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw ApiProblem.badRequest("from and to are dates (YYYY-MM-DD), owner a user's id, team a team's id");
            }
        }

        String key() {
            return from + "|" + to + "|" + owner + "|" + team;
        }
    }

    /** The organisation's teams (groups marked as teams), for the team filter. */
    private JsonArray teams(UUID tenant) {
        JsonArray out = new JsonArray();
        for (Row r : pool.preparedQuery(
                        "SELECT id, name FROM atrium.groups WHERE tenant_id = $1 AND is_team" + " ORDER BY name")
                .execute(Tuple.of(tenant))
                .await()) {
            out.add(new JsonObject().put("id", r.getUUID("id").toString()).put("name", r.getString("name")));
        }
        return out;
    }

    /** "owner_id in (...)" for a team's members (none: a condition no record meets). */
    private String teamFilter(UUID tenant, UUID team) {
        List<String> ids = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT m.user_id FROM atrium.group_members m JOIN atrium.groups g ON"
                        + " g.id = m.group_id WHERE g.tenant_id = $1 AND g.id = $2 AND g.is_team")
                .execute(Tuple.of(tenant, team))
                .await()) {
            ids.add("'" + r.getUUID("user_id") + "'");
        }
        if (ids.isEmpty()) ids.add("'" + new UUID(0, 0) + "'");
        return "owner_id in (" + String.join(", ", ids) + ")";
    }

    public Dashboards(Pool pool, Reports reports, ReportRunner runner, AccessService access) {
        this.pool = pool;
        this.reports = reports;
        this.runner = runner;
        this.access = access;
    }

    public JsonArray list(RecordContext ctx) {
        JsonArray out = new JsonArray();
        for (EntityDef e : ctx.snapshot().entities()) {
            if (!ctx.access().can(e, "read")) continue;
            for (Map<?, ?> d : saved(e)) {
                out.add(new JsonObject()
                        .put("entity", e.name())
                        .put("name", String.valueOf(d.get("name")))
                        .put(
                                "label",
                                d.get("label") instanceof Map<?, ?> l
                                        ? new JsonObject(Reports.cast(l))
                                        : new JsonObject())
                        .put("definition", new JsonObject(Reports.cast(d))));
            }
        }
        return out;
    }

    public JsonObject run(
            RecordContext viewer, String entity, String name, Filters filters, java.time.ZoneId zone, boolean refresh) {
        EntityDef e = reports.entity(viewer, entity);
        Map<?, ?> d = saved(e).stream()
                .filter(x -> name.equals(x.get("name")))
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("no dashboard " + name + " on " + entity));
        RecordContext ctx = d.get("runAs") instanceof String email ? runAs(viewer, email) : viewer;
        String key = String.join(
                "|",
                viewer.tenant().id().toString(),
                ctx.principal().userId().toString(),
                entity,
                name,
                filters.key(),
                zone.getId(),
                Long.toString(viewer.snapshot().version()));
        Cached hit = cache.get(key);
        long now = System.currentTimeMillis();
        if (!refresh && hit != null && now - hit.at() < TTL_MILLIS)
            return hit.answer().copy().put("cached", true);
        String team = filters.team() == null ? null : teamFilter(viewer.tenant().id(), filters.team());
        JsonArray components = new JsonArray();
        List<?> list = d.get("components") instanceof List<?> l ? l : List.of();
        // the components' queries run side by side (at most PARALLEL at once), the answer keeps their order
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(PARALLEL);
        List<java.util.concurrent.Future<JsonObject>> running = new ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> c)) continue;
                running.add(threads.submit(() -> {
                    slots.acquireUninterruptibly();
                    try {
                        return component(ctx, e, c, filters, team, zone);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (var f : running) components.add(f.get());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw ApiProblem.badRequest("the dashboard was interrupted");
        } catch (java.util.concurrent.ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(ex.getCause());
        }
        JsonObject answer = new JsonObject()
                .put("entity", entity)
                .put("name", name)
                .put(
                        "label",
                        d.get("label") instanceof Map<?, ?> l ? new JsonObject(Reports.cast(l)) : new JsonObject())
                .put(
                        "filters",
                        d.get("filters") instanceof List<?> f ? new JsonArray(new ArrayList<>(f)) : new JsonArray())
                .put("runAs", d.get("runAs"))
                .put("computedAt", Instant.ofEpochMilli(now).toString())
                .put("teams", teams(viewer.tenant().id()))
                .put("components", components);
        if (cache.size() >= MAX_CACHED) cache.clear();
        cache.put(key, new Cached(answer.copy(), now));
        return answer.put("cached", false);
    }

    /** One component: its report's answer, or the reason it cannot be shown (the others still are). */
    private JsonObject component(
            RecordContext ctx, EntityDef home, Map<?, ?> c, Filters filters, String team, java.time.ZoneId zone) {
        String ref = String.valueOf(c.get("report"));
        String entity = ref.contains(".") ? ref.substring(0, ref.indexOf('.')) : home.name();
        String name = ref.contains(".") ? ref.substring(ref.indexOf('.') + 1) : ref;
        JsonObject out = new JsonObject()
                .put("report", ref)
                .put("entity", entity)
                .put("title", c.get("title") instanceof Map<?, ?> t ? new JsonObject(Reports.cast(t)) : null)
                .put("chart", c.get("chart") instanceof Map<?, ?> ch ? new JsonObject(Reports.cast(ch)) : null)
                .put("size", c.get("size") == null ? "medium" : String.valueOf(c.get("size")));
        try {
            ReportDef r = reports.find(ctx, entity, name);
            List<String> extra = new ArrayList<>();
            if (r.dateField() != null && filters.from() != null) extra.add(r.dateField() + " >= " + filters.from());
            if (r.dateField() != null && filters.to() != null) extra.add(r.dateField() + " <= " + filters.to());
            if (filters.owner() != null) extra.add("owner_id = '" + filters.owner() + "'");
            if (team != null) extra.add(team);
            var run = new ReportRunner.Run(Map.of(), extra.isEmpty() ? null : String.join(" and ", extra), zone);
            EntityDef e = reports.entity(ctx, entity);
            out.put("result", Reports.refusedIfHidden(() -> runner.run(ctx, e, r, run)));
        } catch (ApiProblem p) {
            out.put("problem", new JsonObject().put("status", p.status()).put("detail", p.getMessage()));
        }
        return out;
    }

    /** The context of the dashboard's named user: their access, the viewer's request details. */
    private RecordContext runAs(RecordContext viewer, String email) {
        for (Row r : pool.preparedQuery("SELECT id, email, display_name, is_admin, locale FROM atrium.users"
                        + " WHERE tenant_id = $1 AND lower(email) = lower($2) AND active")
                .execute(Tuple.of(viewer.tenant().id(), email))
                .await()) {
            Principal p = new Principal(
                    r.getUUID("id"),
                    viewer.tenant().id(),
                    r.getString("email"),
                    r.getString("display_name"),
                    r.getBoolean("is_admin"),
                    r.getString("locale"),
                    null);
            return new RecordContext(
                    viewer.tenant(),
                    p,
                    viewer.snapshot(),
                    access.of(p, viewer.snapshot()),
                    viewer.ip(),
                    viewer.userAgent());
        }
        throw ApiProblem.notFound("the dashboard runs as " + email + ", who is not an active user");
    }

    static List<Map<?, ?>> saved(EntityDef e) {
        List<Map<?, ?>> out = new java.util.ArrayList<>();
        if (e.ui().get("dashboards") instanceof List<?> l) for (Object o : l) if (o instanceof Map<?, ?> m) out.add(m);
        return out;
    }

    static Map<String, Object> copy(Map<?, ?> m) {
        return new LinkedHashMap<>(Reports.cast(m));
    }
}
