package dev.atrium.packages;

import dev.atrium.access.Access;
import dev.atrium.approval.ApprovalService;
import dev.atrium.audit.AuditService;
import dev.atrium.auth.Principal;
import dev.atrium.auth.ServicePrincipals;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.merge.Trees;
import dev.atrium.metadata.packages.PackageDef;
import dev.atrium.metadata.query.ListRequest;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordService;
import dev.atrium.tenant.Tenant;
import dev.atrium.workflow.JobRunner;
import dev.atrium.workflow.WorkflowDispatcher;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a package's tests ({@code tests/*.json}) in an organisation that has it installed: records in,
 * computed values, refused writes, state transitions, workflow effects with a clock the test moves. Each
 * test reports pass, or the first step that failed and why. Writes go through the records API's write path
 * as an administrator of the organisation. Awaits: virtual threads only.
 */
public final class PackageTestRunner {
    /** {@code @name} standing alone, not the domain of an e-mail address ({@code jo@acme.test}). */
    private static final Pattern REF = Pattern.compile("(?<![\\w.+-])@([a-z][a-z0-9_]{0,39})\\b");

    private static final Pattern TODAY = Pattern.compile("^\\{\\{today([+-]\\d{1,4})?}}$");

    private final Pool pool;
    private final MetadataRegistry metadata;
    private final RecordService records;
    private final AuditService audit;
    private final WorkflowDispatcher dispatcher;
    private final JobRunner jobs;
    private final ApprovalService approvals;
    private final dev.atrium.convert.Conversions conversions;
    private final dev.atrium.record.RecordMerge merge;
    private final dev.atrium.analytics.ReportRunner reports;

    public PackageTestRunner(
            Pool pool,
            MetadataRegistry metadata,
            RecordService records,
            AuditService audit,
            WorkflowDispatcher dispatcher,
            JobRunner jobs,
            ApprovalService approvals) {
        this.pool = pool;
        this.metadata = metadata;
        this.records = records;
        this.audit = audit;
        this.dispatcher = dispatcher;
        this.jobs = jobs;
        this.approvals = approvals;
        this.conversions = new dev.atrium.convert.Conversions(pool, records);
        this.merge = new dev.atrium.record.RecordMerge(records);
        this.reports = new dev.atrium.analytics.ReportRunner(pool, records.types());
    }

    /** Every test of the package: {@code {name, passed, failure?}}, and whether all passed. */
    public JsonObject run(Tenant tenant, PackageDef pkg) {
        JsonArray results = new JsonArray();
        boolean all = true;
        for (Map<String, Object> test : pkg.tests()) {
            JsonObject r = runOne(tenant, test);
            all &= r.getBoolean("passed");
            results.add(r);
        }
        return new JsonObject().put("package", pkg.id()).put("passed", all).put("tests", results);
    }

    private JsonObject runOne(Tenant tenant, Map<String, Object> test) {
        Map<String, UUID> named = new HashMap<>();
        List<Map<String, Object>> steps = PackageDef.list(test.get("steps"));
        Duration shift = Duration.ZERO;
        JsonObject result = new JsonObject().put("name", test.get("name")).put("steps", steps.size());
        // schedules start afresh in each test: an earlier test's moved clock must not hold back this one's
        pool.preparedQuery("DELETE FROM atrium.workflow_schedule WHERE tenant_id = $1")
                .execute(Tuple.of(tenant.id()))
                .await();
        try {
            for (int i = 0; i < steps.size(); i++) {
                try {
                    shift = step(tenant, steps.get(i), named, shift);
                } catch (AssertionError | RuntimeException e) {
                    String why = e instanceof ApiProblem p ? p.getMessage() + errors(p) : e.getMessage();
                    return result.put("passed", false)
                            .put("failure", new JsonObject().put("step", i).put("message", why));
                }
            }
            return result.put("passed", true);
        } finally {
            clock(Duration.ZERO);
        }
    }

    private Duration step(Tenant tenant, Map<String, Object> s, Map<String, UUID> named, Duration shift) {
        RecordContext ctx = context(tenant);
        JsonObject values =
                s.get("values") instanceof Map<?, ?> v ? resolve(PackageDef.cast(v), named) : new JsonObject();
        if (s.get("create") instanceof String entity) {
            JsonObject created = write(s, () -> records.create(ctx, entity, values));
            if (created != null && s.get("as") instanceof String as)
                named.put(as, UUID.fromString(created.getString("id")));
        } else if (s.get("update") instanceof String ref) {
            Target t = target(ctx, ref, named);
            write(s, () -> records.update(ctx, t.entity(), t.id(), values, null));
        } else if (s.get("delete") instanceof String ref) {
            Target t = target(ctx, ref, named);
            records.recycleBin().delete(ctx, t.entity(), t.id(), null);
        } else if (s.get("convert") instanceof String ref) {
            convert(ctx, s, ref, named);
        } else if (s.get("merge") instanceof String ref) {
            Target t = target(ctx, ref, named);
            List<UUID> others = refs(s.get("duplicates"), named);
            write(s, () -> merge.merge(ctx, t.entity(), t.id(), others, values));
        } else if (s.get("expect") instanceof String ref) {
            Target t = target(ctx, ref, named);
            JsonObject actual = records.get(ctx, t.entity(), t.id());
            for (String field : values.fieldNames()) {
                Object want = values.getValue(field);
                Object got = actual.getValue(field);
                if (!Trees.same(plain(want), plain(got))) {
                    throw new AssertionError(ref + "." + field + " is " + got + ", expected " + want);
                }
            }
        } else if (s.get("count") instanceof String entity) {
            String filter = s.get("filter") instanceof String f ? substitute(f, named) : null;
            long n = records.list(
                            ctx, entity, new ListRequest(filter, null, List.of(), 1, null, false), true, List.of())
                    .getLong("total");
            long want = ((Number) s.get("equals")).longValue();
            if (n != want) throw new AssertionError(n + " " + entity + " record(s) match, expected " + want);
        } else if (s.get("report") instanceof String ref) {
            report(ctx, s, ref, named);
        } else if (Boolean.TRUE.equals(s.get("runJobs"))) {
            drain(tenant);
        } else if (s.get("clock") instanceof String c) {
            shift = shift.plus(duration(c));
            clock(shift);
        } else if (!s.containsKey("note")) {
            throw new AssertionError("the step does nothing: give create, update, delete, convert, merge, expect,"
                    + " count, report, runJobs or clock");
        }
        return shift;
    }

    /**
     * {@code {"report": "opportunity.win_rate", "parameters": {...}, "totals": {"win_rate": 50},
     * "groups": {"won": {"deals": 2}}}}: the report run as an administrator in UTC; numbers compare by value.
     */
    private void report(RecordContext ctx, Map<String, Object> s, String ref, Map<String, UUID> named) {
        int dot = ref.indexOf('.');
        var e = ctx.snapshot()
                .entity(ref.substring(0, dot))
                .orElseThrow(() -> new AssertionError("no entity in " + ref));
        var def = e.ui().get("reports") instanceof List<?> l
                ? l.stream()
                        .filter(x -> x instanceof Map<?, ?> m
                                && ref.substring(dot + 1).equals(m.get("name")))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no report " + ref))
                : null;
        if (def == null) throw new AssertionError("no report " + ref);
        Map<String, String> params = new HashMap<>();
        if (s.get("parameters") instanceof Map<?, ?> p) {
            p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(resolveValue(v, named))));
        }
        JsonObject out = reports.run(
                ctx,
                e,
                dev.atrium.metadata.query.ReportDef.parse((Map<?, ?>) def, ""),
                new dev.atrium.analytics.ReportRunner.Run(params, null, java.time.ZoneOffset.UTC));
        if (s.get("totals") instanceof Map<?, ?> want) expectValues(ref + " totals", want, out.getJsonObject("totals"));
        if (!(s.get("groups") instanceof Map<?, ?> groups)) return;
        for (var g : groups.entrySet()) {
            String key = String.valueOf(resolveValue(g.getKey(), named));
            JsonObject row = out.getJsonArray("rows").stream()
                    .map(JsonObject.class::cast)
                    .filter(r -> r.getInteger("level") == 1
                            && key.equals(String.valueOf(r.getJsonArray("keys").getValue(0))))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(ref + " has no group " + key));
            expectValues(ref + " group " + key, (Map<?, ?>) g.getValue(), row.getJsonObject("values"));
        }
    }

    private static void expectValues(String what, Map<?, ?> want, JsonObject got) {
        for (var w : want.entrySet()) {
            Object a = got.getValue(String.valueOf(w.getKey()));
            boolean same = w.getValue() instanceof Number n && a instanceof Number m
                    ? new java.math.BigDecimal(n.toString()).compareTo(new java.math.BigDecimal(m.toString())) == 0
                    : Trees.same(plain(w.getValue()), plain(a));
            if (!same) throw new AssertionError(what + ": " + w.getKey() + " is " + a + ", expected " + w.getValue());
        }
    }

    /**
     * {@code {"convert": "@lead", "conversion": "convert", "use": {"account": "@acme"}, "skip": [...],
     * "allowDuplicates": true, "as": "won"}}: the records it creates or uses are named {@code won_<target>}.
     */
    private void convert(RecordContext ctx, Map<String, Object> s, String ref, Map<String, UUID> named) {
        Target t = target(ctx, ref, named);
        JsonObject body = new JsonObject();
        if (s.get("use") instanceof Map<?, ?> use) body.put("use", resolve(PackageDef.cast(use), named));
        if (s.get("skip") instanceof List<?> skip) body.put("skip", new JsonArray(new java.util.ArrayList<>(skip)));
        if (s.get("allowDuplicates") instanceof Boolean b) body.put("allowDuplicates", b);
        String conversion = s.get("conversion") instanceof String c ? c : "convert";
        JsonObject done = write(
                s,
                () -> conversions.convert(
                        ctx,
                        t.entity(),
                        t.id(),
                        conversion,
                        dev.atrium.internal.Body.of(body, "use", "skip", "allowDuplicates")));
        if (done == null || !(s.get("as") instanceof String as)) return;
        JsonObject made = done.getJsonObject("records");
        for (String target : made.fieldNames()) {
            named.put(
                    as + "_" + target,
                    UUID.fromString(made.getJsonObject(target).getString("id")));
        }
    }

    private static List<UUID> refs(Object list, Map<String, UUID> named) {
        if (!(list instanceof List<?> l)) throw new AssertionError("duplicates must be a list of @names");
        return l.stream()
                .map(x -> UUID.fromString(idOf(String.valueOf(x), named)))
                .toList();
    }

    /** Runs a write; with {@code expectError} it must be refused as described (and returns null). */
    private static JsonObject write(Map<String, Object> s, java.util.function.Supplier<JsonObject> w) {
        if (!(s.get("expectError") instanceof Map<?, ?> expected)) return w.get();
        try {
            w.get();
        } catch (ApiProblem p) {
            String field = (String) expected.get("field");
            String message = (String) expected.get("message");
            String all = p.getMessage() + errors(p);
            if (field != null && !errors(p).contains("/" + field)) {
                throw new AssertionError("refused, but not on " + field + ": " + all);
            }
            if (message != null && !all.contains(message)) {
                throw new AssertionError("refused, but without \"" + message + "\": " + all);
            }
            return null;
        }
        throw new AssertionError("the write was accepted; expected it refused"
                + (expected.get("field") == null ? "" : " on " + expected.get("field")));
    }

    private record Target(String entity, UUID id) {}

    private Target target(RecordContext ctx, String ref, Map<String, UUID> named) {
        UUID id = named.get(ref.substring(1));
        if (id == null) throw new AssertionError(ref + " names no record created earlier with \"as\"");
        for (var e : ctx.snapshot().entities()) {
            var rows = pool.preparedQuery("SELECT 1 FROM "
                            + dev.atrium.metadata.sql.Sql.table(ctx.tenant().schema(), e.name()) + " WHERE id = $1")
                    .execute(Tuple.of(id))
                    .await();
            if (rows.size() > 0) return new Target(e.name(), id);
        }
        throw new AssertionError(ref + " no longer exists");
    }

    /**
     * Values with {@code "@name"} replaced by the named record's id and {@code "{{today+N}}"} by a date N
     * days from today (N may be negative), in nested objects and lists too.
     */
    private static JsonObject resolve(Map<String, Object> values, Map<String, UUID> named) {
        JsonObject out = new JsonObject();
        values.forEach((k, v) -> out.put(k, resolveValue(v, named)));
        return out;
    }

    private static Object resolveValue(Object v, Map<String, UUID> named) {
        if (v instanceof String s && s.matches("^@[a-z][a-z0-9_]*$")) return idOf(s, named);
        if (v instanceof String s && TODAY.matcher(s).matches()) {
            Matcher m = TODAY.matcher(s);
            m.matches();
            long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
            return java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                    .plusDays(days)
                    .toString();
        }
        // plain maps and lists, as a request body decodes to: the record codec reads those
        if (v instanceof Map<?, ?> m) return resolve(PackageDef.cast(m), named).getMap();
        if (v instanceof List<?> l) {
            return new java.util.ArrayList<>(
                    l.stream().map(x -> resolveValue(x, named)).toList());
        }
        return v;
    }

    private static String idOf(String ref, Map<String, UUID> named) {
        UUID id = named.get(ref.substring(1));
        if (id == null) throw new AssertionError(ref + " names no record created earlier with \"as\"");
        return id.toString();
    }

    private static String substitute(String filter, Map<String, UUID> named) {
        Matcher m = REF.matcher(filter);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(idOf(m.group(), named)));
        m.appendTail(out);
        return out.toString();
    }

    private RecordContext context(Tenant tenant) {
        Principal tester =
                new Principal(ServicePrincipals.PACKAGES, tenant.id(), "tests", "Package tests", true, "en", null);
        return new RecordContext(tenant, tester, metadata.snapshot(tenant.id()), Access.FULL);
    }

    /** Runs what the steps so far started (audit, workflows, jobs) until nothing of the tenant is left to run. */
    private void drain(Tenant tenant) {
        for (int round = 0; round < 50; round++) {
            audit.chain().sealPending();
            dispatcher.dispatch();
            jobs.runReady();
            long busy = pool.preparedQuery(
                            "SELECT count(*) FROM atrium.jobs WHERE tenant_id = $1 AND (status = 'running'"
                                    + " OR (status = 'pending' AND run_at <= now()))")
                    .execute(Tuple.of(tenant.id()))
                    .await()
                    .iterator()
                    .next()
                    .getLong(0);
            long unsealed = pool.preparedQuery(
                            "SELECT count(*) FROM atrium.audit_log WHERE tenant_id = $1 AND seq IS NULL")
                    .execute(Tuple.of(tenant.id()))
                    .await()
                    .iterator()
                    .next()
                    .getLong(0);
            if (busy == 0 && unsealed == 0) return;
        }
        throw new AssertionError("jobs were still running after 50 rounds");
    }

    private void clock(Duration shift) {
        Clock c = Clock.offset(Clock.systemUTC(), shift);
        dispatcher.setClock(c);
        approvals.setClock(c);
    }

    private static Duration duration(String c) {
        long n = Long.parseLong(c.substring(1, c.length() - 1));
        return switch (c.charAt(c.length() - 1)) {
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static Object plain(Object v) {
        if (v instanceof JsonObject o) return o.getMap();
        if (v instanceof JsonArray a) return a.getList();
        return v;
    }

    private static String errors(ApiProblem p) {
        JsonArray errors = p.toJson(null).getJsonArray("errors", new JsonArray());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < errors.size(); i++) {
            sb.append(" | ")
                    .append(errors.getJsonObject(i).getString("pointer"))
                    .append(": ")
                    .append(errors.getJsonObject(i).getString("message"));
        }
        return sb.toString();
    }
}
