package dev.atrium.plugins.webforms;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Cheap spam signals that cost a real visitor nothing: the hidden honeypot input {@code website} must
 * stay empty; a form sent less than 2 seconds after the page rendered it ({@code _rendered}, epoch
 * milliseconds, set by embed.js) is a bot; more than 3 links in the submission is spam.
 */
final class Spam {
    private static final Pattern LINK = Pattern.compile("(?i)(https?://|www\\.)");

    private Spam() {}

    /** Null when the submission looks human, else why not. */
    static String check(Map<String, String> input, long nowMillis) {
        String honeypot = input.get("website");
        if (honeypot != null && !honeypot.isBlank()) return "honeypot filled";
        String rendered = input.get("_rendered");
        if (rendered != null) {
            try {
                if (nowMillis - Long.parseLong(rendered) < 2000) return "sent too fast";
            } catch (NumberFormatException e) {
                return "bad timestamp";
            }
        }
        int links = 0;
        for (String v : input.values()) {
            var m = LINK.matcher(v == null ? "" : v);
            while (m.find()) links++;
        }
        if (links > 3) return "too many links";
        return null;
    }
}
