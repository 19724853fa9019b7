package dev.atrium.analytics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(bytes, "Atrium", "1.0");
            Worksheet ws = wb.newWorksheet(sheetName(title));
            List<List<Object>> rows = sheet(result, "Total");
            for (int r = 0; r < rows.size(); r++) {
                List<Object> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    Object v = row.get(c);
                    if (v == null) continue;
                    if (v instanceof Number n)
                        ws.value(r, c, n instanceof BigDecimal ? n : new BigDecimal(n.toString()));
                    else if (v instanceof Boolean b) ws.value(r, c, b);
                    else if (r > 0 && v instanceof String s && s.matches("\\d{4}-\\d{2}-\\d{2}")) {
                        ws.value(r, c, LocalDate.parse(s));
                        ws.style(r, c).format("yyyy-mm-dd").set();
                    } else ws.value(r, c, String.valueOf(v));
                }
                if (r == 0)
                    ws.range(0, 0, 0, Math.max(0, row.size() - 1))
                            .style()
                            .bold()
                            .set();
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ . */
    static String sheetName(String title) {
        String s = title == null || title.isBlank() ? "Report" : title.replaceAll("[\\[\\]:*?/\\\\]", " ");
        return s.length() > 31 ? s.substring(0, 31) : s;
    }

    private static Object csvCell(Object v) {
        if (v == null) return "";
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        String s = String.valueOf(v);
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) return "'" + s;
        return s;
    }
}
