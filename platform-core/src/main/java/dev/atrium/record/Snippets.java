package dev.atrium.record;

import java.util.List;
import java.util.Locale;

/** The part of a matched text around the match, for a search result's "why it matched" line. */
final class Snippets {
    private static final int AROUND = 40;

    private Snippets() {}

    /**
     * The words around the first occurrence of the query (or of its first stem) in value, with "…" where
     * text was cut; null when there is no value.
     */
    static String around(String value, String query, List<String> stems) {
        if (value == null) return null;
        String lower = value.toLowerCase(Locale.ROOT);
        int at = lower.indexOf(query.toLowerCase(Locale.ROOT));
        int length = query.length();
        for (int i = 0; at < 0 && i < stems.size(); i++) {
            at = lower.indexOf(stems.get(i).toLowerCase(Locale.ROOT));
            length = stems.get(i).length();
        }
        if (at < 0) at = 0;
        int from = Math.max(0, at - AROUND);
        int to = Math.min(value.length(), at + length + AROUND);
        // cut at spaces where there are some, so words stay whole
        if (from > 0) {
            int space = value.indexOf(' ', from);
            if (space >= 0 && space < at) from = space + 1;
        }
        if (to < value.length()) {
            int space = value.lastIndexOf(' ', to);
            if (space > at + length) to = space;
        }
        String out = value.substring(from, to).strip().replaceAll("\\s+", " ");
        return (from > 0 ? "…" : "") + out + (to < value.length() ? "…" : "");
    }
}
