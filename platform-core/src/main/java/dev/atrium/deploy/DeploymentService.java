package dev.atrium.deploy;

import dev.atrium.db.Tx;
import dev.atrium.internal.ApiProblem;
import dev.atrium.internal.Ids;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.MetadataStore;
import dev.atrium.metadata.ddl.DdlWriter;
import dev.atrium.metadata.diff.Change;
import dev.atrium.metadata.diff.IdAssigner;
import dev.atrium.metadata.diff.MigrationPlan;
import dev.atrium.metadata.diff.SchemaDiff;
import dev.atrium.metadata.io.MetadataWriter;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.metadata.validate.MetadataValidator;
import dev.atrium.metadata.validate.Problem;
import dev.atrium.schema.SchemaMigrator;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metadata deployments: validate, diff against the live version, then (unless a dry run) apply the DDL
 * and record the new version in ONE transaction, serialized per tenant by an advisory lock, with a
 * {@code lock_timeout} so a long-running query cannot stall the table forever; a lock timeout is retried.
 * A failure anywhere changes nothing. Methods await: virtual threads only.
 */
public final class DeploymentService {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentService.class);
    private static final int ATTEMPTS = 4;

    private final Pool pool;
    private final MetadataRegistry registry;
    private final SchemaMigrator migrator;
    private final FieldTypeRegistry types;
    private final MetadataValidator validator;
    private final SchemaDiff diff;

    private final dev.atrium.rules.RuleEngine rules;
    private volatile java.util.function.Function<String, String> urlCheck = url -> null;

    private volatile java.util.function.BiFunction<java.util.UUID, String, String> actionCheck = (t, a) -> null;

    /** Checks plugin actions in workflows at deployment (tenant, "plugin/action"): returns a refusal message or null. */
    public void setActionCheck(java.util.function.BiFunction<java.util.UUID, String, String> check) {
        this.actionCheck = check;
    }

    /** Checks outbound URLs in metadata (webhooks) at deployment: returns a refusal message or null. */
    public void setUrlCheck(java.util.function.Function<String, String> check) {
        this.urlCheck = check;
    }

    public DeploymentService(
            Pool pool,
            MetadataRegistry registry,
            SchemaMigrator migrator,
            FieldTypeRegistry types,
            dev.atrium.rules.RuleEngine rules) {
        this.rules = rules;
        this.pool = pool;
        this.registry = registry;
        this.migrator = migrator;
        this.types = types;
        this.validator = new MetadataValidator(types);
        this.diff = new SchemaDiff(types);
    }

    public JsonObject deploy(Tenant tenant, DeploymentRequest req) {
        MetadataValidator.Result parsed = validate(tenant, req);
        if (!parsed.ok()) throw invalid(parsed.problems(), req);
        if (req.dryRun()) return Tx.run(pool, conn -> plan(conn, tenant, req, parsed.entities(), false));
        for (int attempt = 1; ; attempt++) {
            try {
                JsonObject result = Tx.run(pool, conn -> plan(conn, tenant, req, parsed.entities(), true));
                if (result.getBoolean("applied", false)) {
                    registry.install(tenant.id(), MetadataStore.latest(pool, tenant.id()));
                }
                return result;
            } catch (PgException e) {
                if (!"55P03".equals(e.getSqlState()) || attempt == ATTEMPTS) throw e;
                LOG.info(
                        "deployment for {} waited too long for a table lock (attempt {}); retrying",
                        tenant.slug(),
                        attempt);
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Validates the request. In merge mode the live entities the request leaves alone are part of the
     * picture (a new lookup may point at one of them); only the requested entities are returned.
     */
    private MetadataValidator.Result validate(Tenant tenant, DeploymentRequest req) {
        if (req.replace()) return validator.validate(req.documents());
        java.util.Set<String> named = new java.util.HashSet<>(req.remove());
        for (var d : req.documents()) {
            var n = d.json() == null ? null : d.json().get("name");
            if (n != null && n.isString()) named.add(n.asString());
        }
        List<dev.atrium.metadata.validate.MetadataDocument> all = new ArrayList<>(req.documents());
        java.util.Set<String> context = new java.util.HashSet<>();
        for (EntityDef live : registry.snapshot(tenant.id()).entities()) {
            if (named.contains(live.name())) continue;
            context.add(live.name());
            all.add(new dev.atrium.metadata.validate.MetadataDocument(
                    "(live) " + live.name(),
                    dev.atrium.metadata.io.MetadataReader.parse(io.vertx.core.json.Json.encode(
                            dev.atrium.metadata.io.MetadataWriter.entity(live, null, true)))));
        }
        MetadataValidator.Result r = validator.validate(all);
        if (!r.ok() || context.isEmpty()) return r;
        return new MetadataValidator.Result(
                r.entities().stream().filter(e -> !context.contains(e.name())).toList(), r.problems());
    }

    /** Deploys the documents of an earlier version as the complete metadata. */
    public JsonObject rollback(
            Tenant tenant, long toVersion, boolean dryRun, boolean confirmDataLoss, java.util.UUID actor) {
        MetadataSnapshot old = MetadataStore.version(pool, tenant.id(), toVersion);
        if (old == null) throw ApiProblem.notFound("there is no metadata version " + toVersion);
        List<dev.atrium.metadata.validate.MetadataDocument> docs = new ArrayList<>();
        for (EntityDef e : old.entities()) {
            docs.add(new dev.atrium.metadata.validate.MetadataDocument(
                    e.name(),
                    dev.atrium.metadata.io.MetadataReader.parse(
                            MetadataWriter.json(MetadataWriter.entity(e, null, true)))));
        }
        return deploy(tenant, new DeploymentRequest(docs, true, List.of(), dryRun, confirmDataLoss, actor));
    }

    private JsonObject plan(
            SqlConnection conn, Tenant tenant, DeploymentRequest req, List<EntityDef> incoming, boolean apply)
            throws Exception {
        if (apply) {
            conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 7))")
                    .execute(Tuple.of(tenant.id().toString()))
                    .await();
            conn.query("SET LOCAL lock_timeout = '3s'").execute().await();
        }
        MetadataSnapshot live = MetadataStore.latest(conn, tenant.id());
        Set<String> asideIds = asideIds(conn, tenant);
        List<EntityDef> assigned =
                resolveScripts(new IdAssigner(Ids::metadataId).assign(incoming, live), live, req, tenant.id());
        List<EntityDef> wanted = merge(live, assigned, req);
        List<Problem> problems = validator.checkMeaning(wanted);
        if (!problems.isEmpty()) throw invalid(problems, req);

        MigrationPlan plan = diff.diff(live.entities(), wanted, asideIds);
        if (!plan.problems().isEmpty()) throw invalid(plan.problems(), req);
        MetadataSnapshot next = MetadataSnapshot.of(live.version() + 1, wanted);
        JsonArray docs = MetadataStore.documents(next);
        boolean unchanged = plan.empty()
                && MetadataStore.checksum(docs).equals(MetadataStore.checksum(MetadataStore.documents(live)));

        DdlWriter ddl = new DdlWriter(tenant.schema());
        List<String> statements = ddl.sql(plan);
        JsonArray changes = new JsonArray();
        for (Change c : plan.changes()) {
            changes.add(new JsonObject()
                    .put("kind", c.getClass().getSimpleName())
                    .put("description", c.describe())
                    .put("dataLoss", c.dataLoss()));
        }
        JsonArray conversions = new JsonArray();
        long failing = 0;
        for (Change c : plan.changes()) {
            if (c instanceof Change.AlterColumnType a
                    && migrator.tableExists(conn, tenant.schema(), tableBefore(live, wanted, a.table()))) {
                JsonObject preview = migrator.previewConversion(conn, tenant.schema(), renamedTable(a, live, wanted));
                conversions.add(preview);
                failing += preview.getLong("failing");
            }
        }
        JsonObject result = new JsonObject()
                .put("dryRun", !apply)
                .put("fromVersion", live.version())
                .put("toVersion", unchanged ? live.version() : next.version())
                .put("unchanged", unchanged)
                .put("dataLoss", plan.dataLoss())
                .put("changes", changes)
                .put("statements", new JsonArray(new ArrayList<>(statements)))
                .put("conversions", conversions);
        if (!apply || unchanged) return result.put("applied", false);
        if (plan.dataLoss() && !req.confirmDataLoss()) {
            throw new ApiProblem(
                    409,
                    "confirm-data-loss",
                    "Confirmation needed",
                    "This deployment removes fields or entities, or converts values"
                            + (failing > 0 ? " (" + failing + " value(s) would not convert)" : "")
                            + "; review the plan and deploy again with \"confirmDataLoss\": true",
                    null,
                    result);
        }
        migrator.execute(conn, statements);
        recordAside(conn, tenant, live, plan, next.version());
        conn.preparedQuery(
                        "INSERT INTO atrium.metadata_versions (tenant_id, version, documents, checksum, plan, statements, deployed_by) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.of(
                        tenant.id(),
                        next.version(),
                        docs,
                        MetadataStore.checksum(docs),
                        changes,
                        new JsonArray(new ArrayList<>(statements)),
                        req.actor()))
                .await();
        conn.preparedQuery("SELECT pg_notify($1, $2)")
                .execute(Tuple.of(MetadataRegistry.CHANNEL, tenant.id() + ":" + next.version()))
                .await();
        dev.atrium.audit.AuditLog.append(
                conn,
                tenant.id(),
                req.actor(),
                null,
                null,
                "deploy",
                null,
                null,
                new JsonObject()
                        .put("fromVersion", live.version())
                        .put("toVersion", next.version())
                        .put("changes", changes));
        return result.put("applied", true);
    }

    /**
     * Gives every rule its script text: from the request's script files, or (unchanged script path) from
     * the live version; then checks that each parses. Problems point at the rule.
     */
    private List<EntityDef> resolveScripts(
            List<EntityDef> entities, MetadataSnapshot live, DeploymentRequest req, java.util.UUID tenantId) {
        List<Problem> problems = new ArrayList<>();
        List<EntityDef> out = new ArrayList<>();
        for (EntityDef e : entities) {
            List<dev.atrium.metadata.model.RuleDef> resolved = new ArrayList<>();
            for (int i = 0; i < e.rules().size(); i++) {
                var r = e.rules().get(i);
                String source = r.source();
                if (source == null && r.script() != null) source = req.scripts().get(r.script());
                if (source == null) {
                    source = live.entityById(e.id())
                            .flatMap(le -> le.rules().stream()
                                    .filter(x ->
                                            x.id().equals(r.id()) && java.util.Objects.equals(x.script(), r.script()))
                                    .findFirst())
                            .map(dev.atrium.metadata.model.RuleDef::source)
                            .orElse(null);
                }
                if (source == null) {
                    problems.add(new Problem(
                            e.name(),
                            "/rules/" + i + "/script",
                            "the script " + r.script() + " was not sent with the deployment"));
                    continue;
                }
                String syntax = rules == null ? null : rules.check(e.name() + "." + r.name(), source);
                if (syntax != null) problems.add(new Problem(e.name(), "/rules/" + i + "/script", syntax));
                resolved.add(r.withSource(source));
            }
            for (int w = 0; w < e.workflows().size(); w++) {
                var wf = e.workflows().get(w);
                if (wf.on().contains("schedule")) {
                    String cronProblem = wf.cron() == null
                            ? "a scheduled workflow needs \"cron\""
                            : dev.atrium.workflow.Cron.check(wf.cron());
                    if (cronProblem != null)
                        problems.add(new Problem(e.name(), "/workflows/" + w + "/cron", cronProblem));
                }
                if (wf.conditionScript() != null && rules != null) {
                    String syntax = rules.check(e.name() + ".workflow." + wf.name(), wf.conditionScript());
                    if (syntax != null)
                        problems.add(new Problem(e.name(), "/workflows/" + w + "/conditionScript", syntax));
                }
                var actions = wf.actions();
                for (int a = 0; a < actions.size(); a++) {
                    if (actions.get(a).plugin() != null) {
                        String bad = actionCheck.apply(tenantId, actions.get(a).plugin());
                        if (bad != null)
                            problems.add(new Problem(
                                    e.name(),
                                    "/workflows/" + w + "/actions/" + a + "/plugin",
                                    "this action cannot run: " + bad));
                    }
                    if (actions.get(a).url() == null) continue;
                    String refused = urlCheck.apply(actions.get(a).url());
                    if (refused != null)
                        problems.add(new Problem(
                                e.name(),
                                "/workflows/" + w + "/actions/" + a + "/url",
                                "this webhook cannot be called: " + refused));
                }
            }
            out.add(e.withRules(resolved));
        }
        if (!problems.isEmpty()) throw invalid(problems, req);
        return out;
    }

    private static String tableBefore(MetadataSnapshot live, List<EntityDef> wanted, String newName) {
        for (EntityDef w : wanted) {
            if (w.name().equals(newName))
                return live.entityById(w.id()).map(EntityDef::name).orElse(newName);
        }
        return newName;
    }

    /** The preview runs before the plan's renames: look at the column under its current names. */
    private static Change.AlterColumnType renamedTable(
            Change.AlterColumnType a, MetadataSnapshot live, List<EntityDef> wanted) {
        String table = tableBefore(live, wanted, a.table());
        String column = a.column();
        for (EntityDef w : wanted) {
            if (!w.name().equals(a.table())) continue;
            EntityDef before = live.entityById(w.id()).orElse(null);
            if (before == null) break;
            for (var f : w.fields()) {
                var old = before.fieldById(f.id()).orElse(null);
                if (old != null && a.column().startsWith(f.name()))
                    column = old.name() + a.column().substring(f.name().length());
            }
        }
        return new Change.AlterColumnType(table, column, a.fromType(), a.toType(), a.safe(), a.backupColumn());
    }

    private List<EntityDef> merge(MetadataSnapshot live, List<EntityDef> incoming, DeploymentRequest req) {
        Map<String, EntityDef> byId = new LinkedHashMap<>();
        if (!req.replace()) {
            for (EntityDef e : live.entities()) {
                if (!req.remove().contains(e.name())) byId.put(e.id(), e);
            }
        }
        for (EntityDef e : incoming) byId.put(e.id(), e);
        return new ArrayList<>(byId.values());
    }

    private Set<String> asideIds(SqlConnection conn, Tenant tenant) {
        Set<String> ids = new HashSet<>();
        for (Row r : conn.preparedQuery("SELECT object_id FROM atrium.aside_objects WHERE tenant_id = $1")
                .execute(Tuple.of(tenant.id()))
                .await()) {
            ids.add(r.getString("object_id"));
        }
        return ids;
    }

    private void recordAside(
            SqlConnection conn, Tenant tenant, MetadataSnapshot live, MigrationPlan plan, long version) {
        for (EntityDef e : live.entities()) {
            for (Change c : plan.changes()) {
                if (c instanceof Change.SetAsideTable t && t.table().equals(e.name())) {
                    insertAside(
                            conn,
                            tenant,
                            e.id(),
                            "table",
                            e.name(),
                            t.asideName(),
                            MetadataWriter.entity(e, null),
                            version);
                }
                if (c instanceof Change.SetAsideColumn col && col.table().equals(e.name())) {
                    for (var f : e.fields()) {
                        if (col.asideName().equals("_del_" + f.id())) {
                            insertAside(
                                    conn,
                                    tenant,
                                    f.id(),
                                    "column",
                                    e.name(),
                                    col.asideName(),
                                    MetadataWriter.field(f),
                                    version);
                        }
                    }
                }
            }
        }
        for (Change c : plan.changes()) {
            String restored = switch (c) {
                case Change.RestoreColumn r ->
                    r.asideName().substring("_del_".length()).replaceAll("_\\d+$", "");
                case Change.RenameTable r
                when r.from().startsWith("_del_") -> r.from().substring("_del_".length());
                default -> null;
            };
            if (restored != null) {
                conn.preparedQuery("DELETE FROM atrium.aside_objects WHERE tenant_id = $1 AND object_id = $2")
                        .execute(Tuple.of(tenant.id(), restored))
                        .await();
            }
        }
    }

    private static void insertAside(
            SqlConnection conn,
            Tenant tenant,
            String id,
            String kind,
            String entity,
            String name,
            Map<String, Object> definition,
            long version) {
        conn.preparedQuery(
                        "INSERT INTO atrium.aside_objects (tenant_id, object_id, kind, entity, name, definition, removed_in) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                                + "ON CONFLICT (tenant_id, object_id) DO UPDATE SET entity = EXCLUDED.entity, name = EXCLUDED.name, definition = EXCLUDED.definition, removed_in = EXCLUDED.removed_in")
                .execute(Tuple.of(
                        tenant.id(), id, kind, entity, name, new JsonObject(MetadataWriter.json(definition)), version))
                .await();
    }

    /** Permanently deletes a removed field's or entity's kept data. */
    public void purge(Tenant tenant, String objectId) {
        Tx.run(pool, conn -> {
            Row r = null;
            for (Row row : conn.preparedQuery(
                            "SELECT kind, entity, name FROM atrium.aside_objects WHERE tenant_id = $1 AND object_id = $2")
                    .execute(Tuple.of(tenant.id(), objectId))
                    .await()) {
                r = row;
            }
            if (r == null) throw ApiProblem.notFound("nothing removed with id " + objectId + " is kept");
            String kind = r.getString("kind");
            MetadataSnapshot live = MetadataStore.latest(conn, tenant.id());
            String entity = r.getString("entity");
            String table = kind.equals("column")
                    ? live.entities().stream()
                            .filter(e -> e.name().equals(entity))
                            .map(EntityDef::name)
                            .findFirst()
                            .orElse(entity)
                    : null;
            migrator.purge(conn, tenant.schema(), kind, table, r.getString("name"));
            conn.preparedQuery("DELETE FROM atrium.aside_objects WHERE tenant_id = $1 AND object_id = $2")
                    .execute(Tuple.of(tenant.id(), objectId))
                    .await();
            return null;
        });
    }

    public JsonArray aside(Tenant tenant) {
        JsonArray out = new JsonArray();
        for (Row r : pool.preparedQuery(
                        "SELECT object_id, kind, entity, name, definition, removed_in, removed_at FROM atrium.aside_objects WHERE tenant_id = $1 ORDER BY removed_at")
                .execute(Tuple.of(tenant.id()))
                .await()) {
            out.add(new JsonObject()
                    .put("id", r.getString("object_id"))
                    .put("kind", r.getString("kind"))
                    .put("entity", r.getString("entity"))
                    .put("keptAs", r.getString("name"))
                    .put("definition", r.getJsonObject("definition"))
                    .put("removedInVersion", r.getLong("removed_in"))
                    .put("removedAt", r.getOffsetDateTime("removed_at").toString()));
        }
        return out;
    }

    public JsonArray history(Tenant tenant) {
        JsonArray out = new JsonArray();
        for (Row r : pool.preparedQuery(
                        "SELECT version, checksum, plan, deployed_by, deployed_at FROM atrium.metadata_versions WHERE tenant_id = $1 ORDER BY version DESC")
                .execute(Tuple.of(tenant.id()))
                .await()) {
            out.add(new JsonObject()
                    .put("version", r.getLong("version"))
                    .put("checksum", r.getString("checksum"))
                    .put("changes", r.getJsonArray("plan"))
                    .put(
                            "deployedBy",
                            r.getUUID("deployed_by") == null
                                    ? null
                                    : r.getUUID("deployed_by").toString())
                    .put("deployedAt", r.getOffsetDateTime("deployed_at").toString()));
        }
        return out;
    }

    public JsonObject versionDetail(Tenant tenant, long version) {
        for (Row r : pool.preparedQuery(
                        "SELECT version, plan, statements, documents, deployed_at FROM atrium.metadata_versions WHERE tenant_id = $1 AND version = $2")
                .execute(Tuple.of(tenant.id(), version))
                .await()) {
            return new JsonObject()
                    .put("version", r.getLong("version"))
                    .put("changes", r.getJsonArray("plan"))
                    .put("statements", r.getJsonArray("statements"))
                    .put("entities", r.getJsonArray("documents"))
                    .put("deployedAt", r.getOffsetDateTime("deployed_at").toString());
        }
        throw ApiProblem.notFound("there is no metadata version " + version);
    }

    /** Problems with pointers into the request: a document named by entity becomes {@code /entities/i}. */
    private static ApiProblem invalid(List<Problem> problems, DeploymentRequest req) {
        Map<String, String> prefixes = new LinkedHashMap<>();
        for (var d : req.documents()) {
            var name = d.json().get("name");
            if (name != null && name.isString()) prefixes.putIfAbsent(name.asString(), d.name());
        }
        JsonArray errors = new JsonArray();
        for (Problem p : problems) {
            String prefix = p.document().startsWith("/") ? p.document() : prefixes.get(p.document());
            JsonObject item = new JsonObject()
                    .put("pointer", prefix != null ? prefix + p.pointer() : p.pointer())
                    .put("message", p.message());
            if (prefix == null) item.put("entity", p.document());
            errors.add(item);
        }
        return ApiProblem.invalid(
                problems.size() + " problem(s) in the metadata; first: "
                        + problems.get(0).message(),
                errors);
    }
}
