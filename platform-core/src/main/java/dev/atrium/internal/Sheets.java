package dev.atrium.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Rows as an XLSX workbook through fastexcel: the first row a bold header, numbers as numbers, ISO dates
 * as dates, everything else as text cells (which a spreadsheet never runs as a formula).
 */
public final class Sheets {
    private Sheets() {}

    public static byte[] xlsx(List<List<Object>> rows, String title) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(bytes, "Atrium", "1.0");
            Worksheet ws = wb.newWorksheet(sheetName(title));
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
                if (r == 0 && !row.isEmpty())
                    ws.range(0, 0, 0, row.size() - 1).style().bold().set();
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ . */
    static String sheetName(String title) {
        String s = title == null || title.isBlank() ? "Sheet" : title.replaceAll("[\\[\\]:*?/\\\\]", " ");
        return s.length() > 31 ? s.substring(0, 31) : s;
    }
}
