package dev.atrium.metadata.diff;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which column type changes keep every existing value as it is. Everything else needs a preview. */
final class TypeWidening {
    private static final Pattern VARCHAR = Pattern.compile("varchar\\((\\d+)\\)");
    private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");

    private TypeWidening() {}

    static boolean safe(String from, String to) {
        if (from.equals(to)) return true;
        Matcher vf = VARCHAR.matcher(from);
        if (vf.matches()) {
            if (to.equals("text")) return true;
            Matcher vt = VARCHAR.matcher(to);
            return vt.matches() && Integer.parseInt(vt.group(1)) >= Integer.parseInt(vf.group(1));
        }
        Matcher nf = NUMERIC.matcher(from);
        Matcher nt = NUMERIC.matcher(to);
        if (nf.matches() && nt.matches()) {
            int pf = Integer.parseInt(nf.group(1)), sf = Integer.parseInt(nf.group(2));
            int pt = Integer.parseInt(nt.group(1)), st = Integer.parseInt(nt.group(2));
            return st >= sf && pt - st >= pf - sf;
        }
        if (from.equals("bigint") && nt.matches()) {
            return Integer.parseInt(nt.group(1)) - Integer.parseInt(nt.group(2)) >= 19;
        }
        return from.equals("date") && to.equals("timestamptz");
    }
}
