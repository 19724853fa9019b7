package dev.atrium.approval;

import dev.atrium.metadata.model.ApprovalDef;
import dev.atrium.record.RecordContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Set;
import java.util.UUID;

/**
 * Who may decide a step, resolved when it is needed (so role, group and manager changes apply at once):
 * the step's role, named users, queue group and the submitter's manager; after an escalation also the
 * users of the escalation role. Only active users.
 */
final class Approvers {
    private Approvers() {}

    static Set<UUID> of(SqlClient db, RecordContext ctx, ApprovalDef.Step s, UUID submitter, boolean escalated) {
        Set<UUID> out = of(db, ctx, s, submitter);
        if (escalated && s.escalateTo() != null)
            out.addAll(roleUsers(db, ctx.tenant().id(), s.escalateTo()));
        return out;
    }

    static Set<UUID> roleUsers(SqlClient db, UUID tenant, String role) {
        Set<UUID> out = new java.util.LinkedHashSet<>();
        for (Row r : db.preparedQuery("SELECT u.id FROM atrium.users u JOIN atrium.roles r ON r.id = u.role_id WHERE "
                        + "u.tenant_id = $1 AND r.name = $2 AND u.active")
                .execute(Tuple.of(tenant, role))
                .await()) out.add(r.getUUID("id"));
        return out;
    }

    static Set<UUID> of(SqlClient db, RecordContext ctx, ApprovalDef.Step s, UUID submitter) {
        Set<UUID> out = new java.util.LinkedHashSet<>();
        if (s.role() != null) {
            for (Row r : db.preparedQuery(
                            "SELECT u.id FROM atrium.users u JOIN atrium.roles r ON r.id = u.role_id WHERE "
                                    + "u.tenant_id = $1 AND r.name = $2 AND u.active")
                    .execute(Tuple.of(ctx.tenant().id(), s.role()))
                    .await()) out.add(r.getUUID("id"));
        }
        if (!s.users().isEmpty()) {
            for (Row r : db.preparedQuery(
                            "SELECT id FROM atrium.users WHERE tenant_id = $1 AND email = ANY($2) AND active")
                    .execute(Tuple.of(ctx.tenant().id(), (Object)
                            s.users().stream().map(String::toLowerCase).toArray(String[]::new)))
                    .await()) out.add(r.getUUID("id"));
        }
        if (s.queue() != null) {
            for (Row r : db.preparedQuery("SELECT u.id FROM atrium.group_members gm JOIN atrium.groups g ON g.id = "
                            + "gm.group_id JOIN atrium.users u ON u.id = gm.user_id "
                            + "WHERE g.tenant_id = $1 AND g.name = $2 AND u.active")
                    .execute(Tuple.of(ctx.tenant().id(), s.queue()))
                    .await()) out.add(r.getUUID("id"));
        }
        if (s.manager()) {
            for (Row r : db.preparedQuery(
                            "SELECT m.id FROM atrium.users u JOIN atrium.roles r ON r.id = u.role_id JOIN "
                                    + "atrium.users m ON m.role_id = r.parent_id "
                                    + "WHERE u.id = $1 AND m.active")
                    .execute(Tuple.of(submitter))
                    .await()) out.add(r.getUUID("id"));
        }
        return out;
    }
}
