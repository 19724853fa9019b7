package dev.atrium.packages;

import dev.atrium.access.Access;
import dev.atrium.access.AccessService;
import dev.atrium.audit.AuditLog;
import dev.atrium.auth.Principal;
import dev.atrium.auth.ServicePrincipals;
import dev.atrium.deploy.DeploymentRequest;
import dev.atrium.deploy.DeploymentService;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.MetadataStore;
import dev.atrium.metadata.io.MetadataReader;
import dev.atrium.metadata.io.MetadataWriter;
import dev.atrium.metadata.merge.ThreeWayMerge.Side;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.metadata.packages.PackageDef;
import dev.atrium.metadata.packages.PackageException;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.metadata.validate.MetadataDocument;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordService;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Installs, upgrades and uninstalls packages in an organisation. Each operation is one transaction under
 * the organisation's deployment lock: the layers are merged ({@link PackagePlanner}), what needs a decision
 * is listed ({@link PackageImpact}), and only when every such item is decided is the merged metadata
 * deployed, the access objects and sample data written and the installation recorded. A dry run returns
 * the same plan and changes nothing. Methods await: virtual threads only.
 */
public final class PackageService {
    /** What to do. */
    public enum Action {
        INSTALL,
        UPGRADE,
        UNINSTALL
    }

    /**
     * @param id the package
     * @param version a catalog version (null: the newest); ignored when {@code pkg} is given
     * @param pkg a package read from a directory or an upload, instead of the catalog
     * @param decisions by path: which side a conflict or removal takes
     * @param decideAll the side every item without its own decision takes, or null
     * @param sampleData on install, also load the package's sample data
     */
    public record Request(
            String id,
            String version,
            PackageDef pkg,
            boolean dryRun,
            Map<String, Side> decisions,
            Side decideAll,
            boolean sampleData,
            UUID actor) {
        public Request {
            decisions = decisions == null ? Map.of() : Map.copyOf(decisions);
        }
    }

    private final DeploymentService deployments;
    private final PackageCatalog catalog;
    private final RecordService records;
    private final AccessService access;
    private final FieldTypeRegistry types;
    private final PackageRequirements requirements;

    public PackageService(
            DeploymentService deployments,
            PackageCatalog catalog,
            RecordService records,
            AccessService access,
            FieldTypeRegistry types,
            PackageRequirements requirements) {
        this.deployments = deployments;
        this.catalog = catalog;
        this.records = records;
        this.access = access;
        this.types = types;
        this.requirements = requirements;
    }

    public PackageCatalog catalog() {
        return catalog;
    }

    /** Every package the organisation has or could install: versions, the installed one, whether newer exists. */
    public JsonArray list(Tenant tenant) {
        return new PackageListing(catalog, deployments).list(tenant);
    }

    /** One package with its README, what it contains and how much the organisation changed of it. */
    public JsonObject describe(Tenant tenant, String id) {
        return new PackageListing(catalog, deployments).describe(tenant, id);
    }

    /** The organisation's own changes to what a package installed: the tenant layer, property by property. */
    public JsonArray customizations(Tenant tenant, String id) {
        return new PackageListing(catalog, deployments).customizations(tenant, id);
    }

    public JsonObject run(Tenant tenant, Action action, Request req) {
        JsonObject result;
        try {
            result = deployments.transaction(tenant, conn -> operate(conn, tenant, action, req));
        } catch (PackageException e) {
            throw ApiProblem.conflict("package-refused", e.getMessage());
        }
        if (result.getBoolean("applied", false)) deployments.committed(tenant);
        return result;
    }

    /**
     * Runs the operation inside the caller's transaction (which takes the tenant's deployment lock here);
     * the caller calls {@link DeploymentService#committed} after commit. For work that must be one with
     * more (an organisation created with its packages).
     */
    public JsonObject runIn(SqlConnection conn, Tenant tenant, Action action, Request req) throws Exception {
        deployments.lockIn(conn, tenant);
        try {
            return operate(conn, tenant, action, req);
        } catch (PackageException e) {
            throw ApiProblem.conflict("package-refused", e.getMessage());
        }
    }

    private JsonObject operate(SqlConnection conn, Tenant tenant, Action action, Request req) throws Exception {
        Map<String, InstalledPackages.Installed> installed = InstalledPackages.of(conn, tenant.id());
        PackageDef current =
                installed.containsKey(req.id()) ? installed.get(req.id()).pkg() : null;
        PackageDef target = target(action, req, current);
        if (action == Action.UPGRADE && same(current, target)) {
            // already there (a resumed --all-tenants run): nothing to plan, nothing to record
            return new JsonObject()
                    .put(
                            "package",
                            new JsonObject()
                                    .put("id", req.id())
                                    .put("action", "upgrade")
                                    .put("from", current.version())
                                    .put("to", target.version()))
                    .put("dryRun", req.dryRun())
                    .put("unchanged", true)
                    .put("applied", false);
        }
        requirements.check(conn, tenant, action, req.id(), target, InstalledPackages.defs(installed));
        List<PackageDef> before = InstalledPackages.defs(installed);
        Map<String, PackageDef> afterById = new LinkedHashMap<>();
        for (PackageDef p : before) afterById.put(p.id(), p);
        if (target == null) afterById.remove(req.id());
        else afterById.put(target.id(), target);
        List<PackageDef> after =
                new ArrayList<>(InstalledPackages.ordered(afterById).values());

        MetadataSnapshot live = MetadataStore.latest(conn, tenant.id());
        Map<String, Side> decisions = new HashMap<>(req.decisions());
        PackagePlanner.Plan plan = PackagePlanner.plan(live, before, after, decisions);
        JsonObject preview = preview(conn, tenant, plan, req, action, target);
        JsonArray items = PackageImpact.decisions(conn, tenant, live, types, plan, preview, decisions);
        if (req.decideAll() != null && hasUndecided(items)) {
            for (int i = 0; i < items.size(); i++)
                decisions.putIfAbsent(items.getJsonObject(i).getString("path"), req.decideAll());
            plan = PackagePlanner.plan(live, before, after, decisions);
            preview = preview(conn, tenant, plan, req, action, target);
            items = PackageImpact.decisions(conn, tenant, live, types, plan, preview, decisions);
        }
        Map<String, Object> accessBefore = current == null ? Map.of() : current.access();
        Map<String, Object> accessAfter = target == null ? Map.of() : target.access();
        JsonObject result = new JsonObject()
                .put(
                        "package",
                        new JsonObject()
                                .put("id", req.id())
                                .put("action", action.name().toLowerCase(java.util.Locale.ROOT))
                                .put("from", current == null ? null : current.version())
                                .put("to", target == null ? null : target.version()))
                .put("dryRun", req.dryRun())
                .put("changes", PackageChanges.json(plan))
                .put("decisions", items)
                .put("ready", !hasUndecided(items))
                .put("deployment", preview)
                .put("access", PackageAccess.apply(conn, tenant, live, types, access, accessBefore, accessAfter, true));
        if (req.dryRun()) return result.put("applied", false);
        if (hasUndecided(items)) {
            throw new ApiProblem(
                    409,
                    "package-decisions-needed",
                    "Decisions needed",
                    undecided(items)
                            + " item(s) need a decision; send \"decisions\": {path: \"tenant\" | \"package\"} "
                            + "(or \"decideAll\")",
                    null,
                    result.put("applied", false));
        }
        if (!plan.documents().isEmpty() || !plan.remove().isEmpty()) {
            result.put("deployment", deployments.applyIn(conn, tenant, request(plan, req, action, target, false)));
        }
        MetadataSnapshot next = MetadataStore.latest(conn, tenant.id());
        result.put("access", PackageAccess.apply(conn, tenant, next, types, access, accessBefore, accessAfter, false));
        if (action == Action.INSTALL
                && req.sampleData()
                && target != null
                && !target.data().isEmpty()) {
            UUID actor = req.actor() == null ? ServicePrincipals.PACKAGES : req.actor();
            Principal loader = new Principal(actor, tenant.id(), "packages", "Packages", true, "en", null);
            RecordContext ctx = new RecordContext(tenant, loader, next, Access.FULL);
            result.put("sampleData", PackageData.load(conn, records, ctx, target));
        }
        if (target == null) InstalledPackages.remove(conn, tenant.id(), req.id());
        else InstalledPackages.save(conn, tenant.id(), target, req.actor(), action == Action.UPGRADE);
        AuditLog.append(
                conn, tenant.id(), req.actor(), null, null, "package", null, null, result.getJsonObject("package"));
        return result.put("applied", true);
    }

    private PackageDef target(Action action, Request req, PackageDef current) {
        String id = req.id();
        switch (action) {
            case INSTALL -> {
                if (current != null) {
                    throw ApiProblem.conflict(
                            "package-installed", id + " " + current.version() + " is installed; upgrade it instead");
                }
                return req.pkg() != null ? req.pkg() : catalog.find(id, req.version());
            }
            case UPGRADE -> {
                if (current == null) throw ApiProblem.conflict("package-not-installed", id + " is not installed");
                PackageDef t = req.pkg() != null ? req.pkg() : catalog.find(id, req.version());
                if (dev.atrium.metadata.packages.Versions.compare(t.version(), current.version()) < 0) {
                    throw ApiProblem.conflict(
                            "package-downgrade",
                            id + " " + current.version() + " is installed; " + t.version()
                                    + " is older, and packages are not downgraded");
                }
                return t;
            }
            default -> {
                if (current == null) throw ApiProblem.notFound(id + " is not installed");
                return null;
            }
        }
    }

    /** The deployment's dry run for the merged metadata (null when the operation changes no entity). */
    private JsonObject preview(
            SqlConnection conn, Tenant tenant, PackagePlanner.Plan plan, Request req, Action action, PackageDef target)
            throws Exception {
        if (plan.documents().isEmpty() && plan.remove().isEmpty()) return null;
        return deployments.applyIn(conn, tenant, request(plan, req, action, target, true));
    }

    private static DeploymentRequest request(
            PackagePlanner.Plan plan, Request req, Action action, PackageDef target, boolean dryRun) {
        List<MetadataDocument> docs = new ArrayList<>();
        for (Map<String, Object> d : plan.documents()) {
            docs.add(new MetadataDocument((String) d.get("name"), MetadataReader.parse(MetadataWriter.json(d))));
        }
        String version = target == null ? null : target.version();
        return new DeploymentRequest(
                docs,
                false,
                plan.remove(),
                dryRun,
                true,
                req.actor(),
                Map.of(),
                new DeploymentRequest.Origin(
                        req.id(),
                        version,
                        action.name().toLowerCase(java.util.Locale.ROOT),
                        target == null ? Set.of() : names(target.access().get("roles")),
                        target == null ? Set.of() : names(target.access().get("groups"))));
    }

    private static boolean same(PackageDef a, PackageDef b) {
        return dev.atrium.metadata.merge.Trees.same(
                MetadataReader.plain(MetadataReader.parse(a.toJson())),
                MetadataReader.plain(MetadataReader.parse(b.toJson())));
    }

    private static Set<String> names(Object list) {
        Set<String> out = new java.util.HashSet<>();
        for (Map<String, Object> m : PackageDef.list(list)) out.add((String) m.get("name"));
        return out;
    }

    private static boolean hasUndecided(JsonArray items) {
        return undecided(items) > 0;
    }

    private static long undecided(JsonArray items) {
        long n = 0;
        for (int i = 0; i < items.size(); i++) if (!items.getJsonObject(i).getBoolean("decided")) n++;
        return n;
    }
}
