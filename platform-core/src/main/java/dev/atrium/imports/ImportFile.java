package dev.atrium.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

/**
 * Reading an uploaded file row by row, never whole in memory: CSV through Commons CSV in the detected
 * (or chosen) encoding and delimiter, XLSX through fastexcel's streaming reader (first sheet). The first
 * row is the header. Encodings are told apart without a library: a byte-order mark or valid UTF-8 is
 * UTF-8; otherwise the candidate legacy encoding whose decoding reads most like its script wins
 * (GB18030 for Chinese, Windows-1251 for Cyrillic, Windows-1252 for Western European text).
 */
public final class ImportFile {
    public static final List<String> ENCODINGS = List.of("UTF-8", "GB18030", "windows-1251", "windows-1252");

    private ImportFile() {}

    /** The format from the name or the first bytes (XLSX is a zip). */
    public static String format(String fileName, byte[] head) {
        boolean zip = head.length > 3 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        if (zip || fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx")) return "xlsx";
        return "csv";
    }

    public static String detectEncoding(byte[] head) {
        if (head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf)
            return "UTF-8";
        if (decodes(head, StandardCharsets.UTF_8)) return "UTF-8";
        String best = "windows-1252";
        double bestScore = -1;
        for (String enc : List.of("GB18030", "windows-1251", "windows-1252")) {
            Charset cs = Charset.forName(enc);
            if (!decodes(head, cs)) continue;
            String text = new String(head, cs);
            double score = score(text, enc);
            if (score > bestScore) {
                bestScore = score;
                best = enc;
            }
        }
        return best;
    }

    /** How much of the non-ASCII text is in the script the encoding is for. */
    private static double score(String text, String enc) {
        int other = 0;
        int fit = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128) continue;
            Character.UnicodeScript s = Character.UnicodeScript.of(c);
            boolean ok = switch (enc) {
                case "GB18030" ->
                    s == Character.UnicodeScript.HAN || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef);
                case "windows-1251" -> s == Character.UnicodeScript.CYRILLIC;
                default -> Character.isLetter(c) && s == Character.UnicodeScript.LATIN;
            };
            if (ok) fit++;
            else other++;
        }
        return fit + other == 0 ? 0 : (double) fit / (fit + other);
    }

    private static boolean decodes(byte[] head, Charset cs) {
        // a multi-byte character cut at the end of the sample is not an error
        int len = head.length;
        for (int cut = 0; cut < 4 && len - cut > 0; cut++) {
            try {
                cs.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(head, 0, len - cut));
                return true;
            } catch (CharacterCodingException e) {
                if (head.length < 4096) return false;
            }
        }
        return false;
    }

    /** The delimiter of the header line: the most frequent of , ; tab |. */
    public static char detectDelimiter(String firstLine) {
        char best = ',';
        int most = 0;
        for (char c : new char[] {',', ';', '\t', '|'}) {
            int n = (int) firstLine.chars().filter(x -> x == c).count();
            if (n > most) {
                most = n;
                best = c;
            }
        }
        return best;
    }

    /**
     * Calls {@code each} with every row after the header (numbered from 1), the header first as row 0.
     * Stops early when {@code each} throws {@link Stop}.
     */
    public static void read(InputStream in, String format, String encoding, char delimiter, Consumer<Line> each) {
        try {
            if (format.equals("xlsx")) {
                try (ReadableWorkbook wb = new ReadableWorkbook(in);
                        var rows = wb.getFirstSheet().openStream()) {
                    Iterator<Row> it = rows.iterator();
                    int n = 0;
                    while (it.hasNext()) {
                        Row r = it.next();
                        List<String> cells = new ArrayList<>();
                        for (int i = 0; i < r.getCellCount(); i++) {
                            var cell = r.getCell(i);
                            cells.add(cell == null ? "" : cellText(cell));
                        }
                        each.accept(new Line(n++, cells));
                    }
                }
                return;
            }
            var reader = new InputStreamReader(withoutBom(in), Charset.forName(encoding));
            CSVFormat f = CSVFormat.RFC4180
                    .builder()
                    .setDelimiter(delimiter)
                    .setIgnoreEmptyLines(true)
                    .get();
            try (CSVParser p = CSVParser.parse(reader, f)) {
                int n = 0;
                for (CSVRecord r : p) {
                    List<String> cells = new ArrayList<>(r.size());
                    for (String s : r) cells.add(s);
                    each.accept(new Line(n++, cells));
                }
            }
        } catch (Stop s) {
            // the caller has what it needed
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stream after a UTF-8 byte-order mark, if it starts with one. */
    private static InputStream withoutBom(InputStream in) throws IOException {
        var p = new java.io.PushbackInputStream(in, 3);
        byte[] b = new byte[3];
        int n = p.readNBytes(b, 0, 3);
        boolean bom = n == 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf;
        if (!bom && n > 0) p.unread(b, 0, n);
        return p;
    }

    private static String cellText(org.dhatim.fastexcel.reader.Cell cell) {
        return switch (cell.getType()) {
            case NUMBER -> {
                java.math.BigDecimal n = cell.asNumber();
                // a whole number stays whole; Excel dates arrive as day numbers and are read as dates by format
                yield n.stripTrailingZeros().scale() <= 0
                        ? n.toBigInteger().toString()
                        : n.stripTrailingZeros().toPlainString();
            }
            case BOOLEAN -> String.valueOf(cell.asBoolean());
            default -> cell.getText() == null ? "" : cell.getText();
        };
    }

    /** One row of the file: its number (0: the header) and its cells as text. */
    public record Line(int number, List<String> cells) {}

    /** Thrown from a row consumer to stop reading. */
    public static final class Stop extends RuntimeException {
        public Stop() {
            super(null, null, false, false);
        }
    }
}
