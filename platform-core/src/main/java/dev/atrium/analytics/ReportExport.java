package dev.atrium.analytics;

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
 * A report run as a sheet: one row per group (subtotals included, deeper groupings left empty) and a
 * total row, or the rows of a tabular report. CSV through Commons CSV, with text that a spreadsheet
 * would run as a formula prefixed by a quote; XLSX through fastexcel, where numbers are numbers, dates
 * dates, and text is always a text cell (never a formula).
 */
public final class ReportExport {
    private ReportExport() {}

    /** The sheet as rows of plain values: header first. */
    static List<List<Object>> sheet(JsonObject result, String totalLabel) {
        List<List<Object>> out = new ArrayList<>();
        if (result.containsKey("records")) {
            List<Object> header = new ArrayList<>();
            for (Object c : result.getJsonArray("columns")) header.add(((JsonObject) c).getString("path"));
            out.add(header);
            for (Object o : result.getJsonArray("records")) {
                JsonObject r = (JsonObject) o;
                List<Object> row = new ArrayList<>();
                JsonArray values = r.getJsonArray("values");
                JsonArray display = r.getJsonArray("display");
                for (int i = 0; i < values.size(); i++)
                    row.add(display.getValue(i) != null ? display.getValue(i) : values.getValue(i));
                out.add(row);
            }
            return out;
        }
        JsonArray groups = result.getJsonArray("groups", new JsonArray());
        JsonArray aggs = result.getJsonArray("aggregates", new JsonArray());
        List<Object> header = new ArrayList<>();
        for (Object g : groups) {
            JsonObject d = (JsonObject) g;
            header.add(
                    d.getString("field") + (d.getString("bucket") == null ? "" : " (" + d.getString("bucket") + ")"));
        }
        for (Object a : aggs) header.add(((JsonObject) a).getString("name"));
        out.add(header);
        for (Object o : result.getJsonArray("rows", new JsonArray())) {
            JsonObject r = (JsonObject) o;
            List<Object> row = new ArrayList<>();
            JsonArray keys = r.getJsonArray("keys");
            JsonArray display = r.getJsonArray("display");
            for (int i = 0; i < groups.size(); i++) {
                Object k = display.getValue(i) != null ? display.getValue(i) : keys.getValue(i);
                row.add(k);
            }
            for (Object a : aggs) row.add(r.getJsonObject("values").getValue(((JsonObject) a).getString("name")));
            out.add(row);
        }
        List<Object> total = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) total.add(i == 0 ? totalLabel : null);
        for (Object a : aggs)
            total.add(result.getJsonObject("totals", new JsonObject()).getValue(((JsonObject) a).getString("name")));
        if (!groups.isEmpty()) out.add(total);
        return out;
    }

    public static String csv(JsonObject result) {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180)) {
            for (List<Object> row : sheet(result, "Total")) {
                List<Object> cells = new ArrayList<>();
                for (Object v : row) cells.add(csvCell(v));
                p.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    public static byte[] xlsx(JsonObject result, String title) {
        return dev.atrium.internal.Sheets.xlsx(sheet(result, "Total"), title == null ? "Report" : title);
    }

    private static Object csvCell(Object v) {
        if (v == null) return "";
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        String s = String.valueOf(v);
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) return "'" + s;
        return s;
    }
}
