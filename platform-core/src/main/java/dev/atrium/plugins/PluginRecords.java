package dev.atrium.plugins;

import dev.atrium.analytics.ReportRunner;
import dev.atrium.auth.Principal;
import dev.atrium.files.Attachments;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.MetadataRegistry;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.query.ListRequest;
import dev.atrium.metadata.query.ReportDef;
import dev.atrium.plugin.api.PluginException;
import dev.atrium.plugin.api.Records;
import dev.atrium.record.RecordContext;
import dev.atrium.record.RecordService;
import dev.atrium.tenant.Tenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@link Records} through the normal record service, as the plugin's service principal. */
final class PluginRecords implements Records {
    private final RecordService records;
    private final MetadataRegistry metadata;
    private final Tenant tenant;
    private final Principal principal;
    private final dev.atrium.access.Access access;
    private final Attachments attachments;
    private final ReportRunner reports;

    PluginRecords(
            RecordService records,
            MetadataRegistry metadata,
            Tenant tenant,
            Principal principal,
            dev.atrium.access.Access access,
            Attachments attachments,
            ReportRunner reports) {
        this.attachments = attachments;
        this.reports = reports;
        this.records = records;
        this.metadata = metadata;
        this.tenant = tenant;
        this.principal = principal;
        this.access = access;
    }

    private RecordContext ctx() {
        return new RecordContext(tenant, principal, metadata.snapshot(tenant.id()), access, null, principal.email());
    }

    @Override
    public Map<String, Object> get(String entity, String id) {
        return call(() -> {
            try {
                return PlainJson.plainMap(records.get(ctx(), entity, UUID.fromString(id)));
            } catch (ApiProblem p) {
                if (p.status() == 404) return null;
                throw p;
            }
        });
    }

    @Override
    public List<Map<String, Object>> list(String entity, String filter, String sort, int limit) {
        return call(() -> {
            JsonObject page = records.list(
                    ctx(),
                    entity,
                    new ListRequest(filter, sort, null, Math.max(1, Math.min(limit, 1000)), null, false),
                    false,
                    List.of());
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object o : page.getJsonArray("data", new JsonArray())) out.add(PlainJson.plainMap((JsonObject) o));
            return out;
        });
    }

    @Override
    public void scan(String entity, String filter, java.util.function.Consumer<Map<String, Object>> each) {
        String cursor = null;
        int seen = 0;
        do {
            String from = cursor;
            JsonObject page = call(() -> records.list(
                    ctx(), entity, new ListRequest(filter, null, null, 500, from, false), false, List.of()));
            for (Object o : page.getJsonArray("data", new JsonArray())) {
                each.accept(PlainJson.plainMap((JsonObject) o));
                if (++seen >= 1_000_000) return;
            }
            cursor = page.getString("nextCursor");
        } while (cursor != null);
    }

    @Override
    public Map<String, Object> create(String entity, Map<String, Object> values) {
        return call(
                () -> PlainJson.plainMap(records.create(ctx(), entity, new JsonObject(new LinkedHashMap<>(values)))));
    }

    @Override
    public Map<String, Object> update(String entity, String id, Map<String, Object> values) {
        return call(() -> PlainJson.plainMap(
                records.update(ctx(), entity, UUID.fromString(id), new JsonObject(new LinkedHashMap<>(values)), null)));
    }

    @Override
    public long count(String entity, String filter) {
        return call(
                () -> records.list(ctx(), entity, new ListRequest(filter, null, null, 1, null, false), true, List.of())
                        .getLong("total"));
    }

    @Override
    public Map<Object, Object> aggregate(String entity, String function, String field, String filter, String groupBy) {
        return call(() -> {
            RecordContext ctx = ctx();
            EntityDef e = records.entity(ctx, entity);
            Map<String, Object> aggregate = new LinkedHashMap<>();
            aggregate.put("name", "value");
            aggregate.put("op", function);
            if (field != null) aggregate.put("field", field);
            Map<String, Object> def = new LinkedHashMap<>();
            def.put("name", "plugin");
            if (filter != null) def.put("filter", filter);
            if (groupBy != null) def.put("groupBy", List.of(Map.of("field", groupBy)));
            def.put("aggregates", List.of(aggregate));
            def.put("sort", "-value");
            JsonObject out = reports.run(ctx, e, ReportDef.parse(def, ""), ReportRunner.Run.of(Map.of()));
            Map<Object, Object> result = new LinkedHashMap<>();
            if (groupBy == null) {
                result.put(null, PlainJson.plainMap(out.getJsonObject("totals")).get("value"));
                return result;
            }
            for (Object o : out.getJsonArray("rows", new JsonArray())) {
                JsonObject row = (JsonObject) o;
                result.put(
                        row.getJsonArray("keys").getValue(0),
                        PlainJson.plainMap(row.getJsonObject("values")).get("value"));
            }
            return result;
        });
    }

    @Override
    public Map<String, Object> attach(String entity, String id, String fileName, byte[] content) {
        if (attachments == null) throw new PluginException("attachments are not available here");
        return call(() -> PlainJson.plainMap(attachments.attach(
                ctx(), entity, UUID.fromString(id), fileName, content == null ? new byte[0] : content)));
    }

    private static <T> T call(Callable<T> work) {
        try {
            return OnVirtualThread.run(work);
        } catch (ApiProblem p) {
            String detail = p.getMessage();
            if (p.toJson("").getJsonArray("errors") != null
                    && !p.toJson("").getJsonArray("errors").isEmpty())
                detail += " " + p.toJson("").getJsonArray("errors").encode();
            throw new PluginException(detail);
        } catch (IllegalArgumentException e) {
            throw new PluginException(e.getMessage());
        }
    }
}
