package dev.atrium.analytics;

import dev.atrium.db.PgValues;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.query.ReportCompiler;
import dev.atrium.metadata.query.ReportCompiler.Compiled;
import dev.atrium.metadata.query.ReportDef;
import dev.atrium.metadata.types.FieldTypeRegistry;
import dev.atrium.record.RecordContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Map;

/**
 * Runs one report for one reader: compiles it with the reader's access (as the records API does),
 * executes the single query and shapes the answer: groups in order with their subtotals, a matrix's
 * cells and totals, or a table's rows; names for the records and people a group or column points at;
 * and for every group the filter that lists its records (drill-down).
 */
public final class ReportRunner {
    private final Pool pool;
    private final ReportCompiler compiler;
    private final dev.atrium.currency.Currencies currencies;

    public ReportRunner(Pool pool, FieldTypeRegistry types) {
        this.pool = pool;
        this.compiler = new ReportCompiler(types);
        this.currencies = new dev.atrium.currency.Currencies(pool);
    }

    /** What one run asks for besides the report: parameter values, dashboard filters, the time zone. */
    public record Run(Map<String, String> parameters, String extraFilter, ZoneId zone) {
        public static Run of(Map<String, String> parameters) {
            return new Run(parameters, null, ZoneOffset.UTC);
        }
    }

    /**
     * @throws dev.atrium.metadata.query.FilterException when the report names what the reader may not read,
     *     or is malformed; the caller says which (a saved report refused, a draft invalid)
     */
    public JsonObject run(RecordContext ctx, EntityDef e, ReportDef report, Run run) {
        require(ctx, e);
        if (report.related() != null) {
            ctx.snapshot().entity(report.related().entity()).ifPresent(child -> require(ctx, child));
        }
        String schema = ctx.tenant().schema();
        Compiled c = compiler.compile(
                schema,
                ctx.snapshot(),
                e,
                report,
                run.parameters(),
                run.extraFilter(),
                ctx.access().fields(),
                (en, alias) -> ctx.access().scope(en, schema, alias, false),
                ctx.access().rows(schema),
                run.zone(),
                LocalDate.now(run.zone()),
                currencies.money(ctx.tenant().id(), LocalDate.now(run.zone())));
        RowSet<Row> rows = pool.preparedQuery(c.sql())
                .execute(Tuple.wrap(new ArrayList<>(c.params())))
                .await();
        if (rows.size() > ReportCompiler.MAX_RESULT_ROWS) {
            throw ApiProblem.badRequest("the report has more than " + ReportCompiler.MAX_RESULT_ROWS
                    + " groups; group by a coarser bucket or narrow the filter");
        }
        Names names = new Names(pool, ctx);
        JsonObject out = new JsonObject()
                .put("name", report.name())
                .put("entity", e.name())
                .put("type", type(report))
                .put("label", new JsonObject(new java.util.LinkedHashMap<>(report.label())))
                .put("chart", new JsonObject(new java.util.LinkedHashMap<>(report.chart())))
                .put("ranAt", java.time.Instant.now().toString())
                .put("zone", run.zone().getId());
        JsonArray aggs = new JsonArray();
        for (var a : c.aggs()) {
            aggs.add(new JsonObject()
                    .put("name", a.def().name())
                    .put("op", a.def().op())
                    .put("field", a.def().field())
                    .put("type", a.field() == null ? "number" : a.field().type())
                    .put("currency", currency(ctx, a.field(), a.related()))
                    .put(
                            "label",
                            new JsonObject(new java.util.LinkedHashMap<>(a.def().label()))));
        }
        out.put("aggregates", aggs);
        if (!report.grouped() && report.aggregates().isEmpty()) {
            out.mergeIn(ReportShape.table(c, rows, report, names, e));
            return out;
        }
        String base = ReportCompiler.substituteFilter(report, run.parameters());
        out.mergeIn(ReportShape.groups(c, rows, report, names, e, base, run));
        return out;
    }

    /**
     * What a money aggregate is in: the corporate currency when one is set (amounts are converted to it),
     * else the field's own currency (amounts are added as stored); null for anything else.
     */
    private String currency(RecordContext ctx, dev.atrium.metadata.model.FieldDef f, boolean related) {
        if (f == null || !f.type().equals("currency") || related) return null;
        var m = currencies.money(ctx.tenant().id(), LocalDate.now());
        return m != null ? m.corporate() : f.currency();
    }

    static String type(ReportDef r) {
        if (r.matrix()) return "matrix";
        return r.grouped() || !r.aggregates().isEmpty() ? "summary" : "tabular";
    }

    private static void require(RecordContext ctx, EntityDef e) {
        if (!ctx.access().can(e, "read")) {
            throw ApiProblem.forbidden("you have no permission to read " + e.displayName() + " records");
        }
    }

    /** A number for JSON: whole numbers stay whole, averages keep six decimals. */
    static Object number(Object v) {
        Object x = PgValues.read(v);
        if (x instanceof BigDecimal b) {
            BigDecimal s = b.scale() > 6 ? b.setScale(6, RoundingMode.HALF_EVEN) : b;
            s = s.stripTrailingZeros();
            return s.scale() < 0 ? s.setScale(0) : s;
        }
        return x;
    }
}
