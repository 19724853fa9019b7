package dev.atrium.workflow;

import dev.atrium.access.Access;
import dev.atrium.auth.Principal;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordService;
import dev.atrium.tenant.Tenant;
import dev.atrium.tenant.TenantService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.UUID;

/** The {@code script} jobs: after-commit rules, run by {@link JobRunner} in the job's transaction. */
final class AfterCommitRules {
    private final TenantService tenants;
    private final MetadataRegistry metadata;
    private final RecordService records;
    private final dev.atrium.rules.RuleEngine rules;

    AfterCommitRules(
            TenantService tenants,
            MetadataRegistry metadata,
            RecordService records,
            dev.atrium.rules.RuleEngine rules) {
        this.tenants = tenants;
        this.metadata = metadata;
        this.records = records;
        this.rules = rules;
    }

    /**
     * An after-commit rule: runs on the committed record; fields it changes are saved (as the platform, so
     * they trigger nothing again); an error it reports fails the job, which retries and then shows as dead.
     */
    JsonObject run(SqlConnection conn, UUID tenantId, JsonObject payload)
            throws dev.atrium.rules.RuleEngine.RuleFailure {
        Tenant tenant = tenants.byId(tenantId);
        MetadataSnapshot snap = metadata.snapshot(tenantId);
        EntityDef e = snap.entity(payload.getString("entity")).orElse(null);
        var rule = e == null
                ? null
                : e.rules().stream()
                        .filter(r -> r.id().equals(payload.getString("rule")))
                        .findFirst()
                        .orElse(null);
        if (rule == null) return new JsonObject().put("skipped", "the rule was removed");
        UUID recordId = UUID.fromString(payload.getString("record"));
        Principal actor =
                new Principal(WorkflowDispatcher.ACTOR, tenantId, "rule", "Rule " + rule.name(), true, "en", null);
        RecordContext ctx = new RecordContext(tenant, actor, snap, Access.FULL);
        JsonObject record = records.load(conn, ctx, e, recordId);
        if (record == null || record.getValue("deleted_at") != null)
            return new JsonObject().put("skipped", "the record is gone");
        var outcome = rules.run(
                tenantId,
                e.name() + "." + rule.name(),
                rule.source(),
                record,
                null,
                new JsonObject()
                        .put("id", actor.userId().toString())
                        .put("email", "rule")
                        .put("name", actor.displayName())
                        .put("locale", "en"));
        if (!outcome.errors().isEmpty())
            throw new IllegalStateException(
                    "rule " + rule.name() + ": " + outcome.errors().get(0)[1]);
        JsonObject changes = new JsonObject();
        for (String k : outcome.record().fieldNames()) {
            if (e.field(k).isPresent()
                    && !java.util.Objects.equals(outcome.record().getValue(k), record.getValue(k)))
                changes.put(k, outcome.record().getValue(k));
        }
        if (!changes.isEmpty()) records.updateIn(conn, ctx, e, recordId, changes);
        return new JsonObject().put("changed", new JsonArray(new ArrayList<>(changes.fieldNames())));
    }
}
