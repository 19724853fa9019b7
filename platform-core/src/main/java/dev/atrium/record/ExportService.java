package dev.atrium.record;

import dev.atrium.audit.ViewLog;
import dev.atrium.internal.ApiProblem;
import dev.atrium.metadata.model.EntityDef;
import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.query.ListRequest;
import dev.atrium.metadata.types.FieldTypeRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV export of a list (same filter, sort and access as the list API), for callers with the entity's
 * {@code export} permission; every export is recorded in the audit trail with its filter and row count.
 * Cells that a spreadsheet would run as a formula are prefixed with a quote.
 */
public final class ExportService {
    public static final int MAX_ROWS = 100_000;
    private final RecordService records;
    private final ViewLog log;
    private final FieldTypeRegistry types;

    public ExportService(RecordService records, ViewLog log, FieldTypeRegistry types) {
        this.records = records;
        this.log = log;
        this.types = types;
    }

    public String csv(RecordContext ctx, String entityName, String filter, String sort) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
            for (List<Object> row : table(ctx, entityName, filter, sort, "csv")) {
                List<Object> cells = new ArrayList<>();
                for (Object v : row) cells.add(cell(v));
                csv.printRecord(cells);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    /** The same list as an XLSX workbook: numbers stay numbers, dates dates. */
    public byte[] xlsx(RecordContext ctx, String entityName, String filter, String sort) {
        List<List<Object>> rows = table(ctx, entityName, filter, sort, "xlsx");
        for (List<Object> row : rows) row.replaceAll(ExportService::plain);
        return dev.atrium.internal.Sheets.xlsx(rows, entityName);
    }

    /** The header and the rows (values as the API gives them), audited as one export. */
    private List<List<Object>> table(RecordContext ctx, String entityName, String filter, String sort, String format) {
        EntityDef e = records.entity(ctx, entityName);
        RecordAccess.require(ctx, e, "read");
        RecordAccess.require(ctx, e, "export");
        List<FieldDef> fields = e.fields().stream()
                .filter(f -> !types.require(f.type()).linkTable()
                        && ctx.access().fields().visible(e, f))
                .toList();
        List<List<Object>> out = new ArrayList<>();
        List<Object> header = new ArrayList<>(List.of("id"));
        fields.forEach(f -> header.add(f.name()));
        out.add(header);
        String cursor = null;
        do {
            JsonObject page =
                    records.list(ctx, entityName, new ListRequest(filter, sort, null, 500, cursor, false), false, null);
            JsonArray data = page.getJsonArray("data");
            for (int i = 0; i < data.size(); i++) {
                JsonObject rec = data.getJsonObject(i);
                List<Object> row = new ArrayList<>(List.of(rec.getString("id")));
                for (FieldDef f : fields) row.add(rec.getValue(f.name()));
                out.add(row);
                if (out.size() > MAX_ROWS + 1)
                    throw ApiProblem.badRequest("exports are limited to " + MAX_ROWS + " rows; narrow the filter");
            }
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        log.record(
                ctx.tenant().id(),
                ctx.principal().userId(),
                ctx.ip(),
                ctx.userAgent(),
                "export",
                e.name(),
                null,
                new JsonObject()
                        .put("filter", filter)
                        .put("sort", sort)
                        .put("format", format)
                        .put("rows", out.size() - 1)
                        .put(
                                "fields",
                                new JsonArray(
                                        fields.stream().map(FieldDef::name).toList())));
        return out;
    }

    /** A value for a spreadsheet cell: an amount as its number, other objects as text. */
    private static Object plain(Object v) {
        if (v instanceof JsonObject o && o.containsKey("amount")) return o.getValue("amount");
        if (v instanceof JsonObject || v instanceof JsonArray) return v.toString();
        return v;
    }

    private static String cell(Object v) {
        if (v == null) return "";
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        String s = v instanceof JsonObject o && o.containsKey("amount")
                ? o.getValue("amount") + " " + o.getString("currency", "")
                : v instanceof JsonObject || v instanceof JsonArray ? v.toString() : v.toString();
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) return "'" + s;
        return s;
    }
}
