package dev.atrium.plugin.api;

import java.io.InputStream;
import java.util.List;

/**
 * Static assets served at {@code /ext/<plugin-id>/<file>} and entries in the app's navigation. Assets are
 * served with the platform's Content-Security-Policy: scripts must be files, never inline.
 */
public interface UiContribution extends AtriumExtension {

    /**
     * @param label what the navigation shows (English, and the fallback for languages {@code labels} lacks)
     * @param path where it leads: an app route ({@code #/...}) or an asset ({@code /ext/<plugin-id>/...})
     * @param labels the label per app language ({@code es}, {@code zh-CN}, {@code ru}, ...)
     */
    record NavEntry(String label, String path, java.util.Map<String, String> labels) {
        public NavEntry {
            labels = labels == null ? java.util.Map.of() : java.util.Map.copyOf(labels);
        }

        /** An entry labelled in one language only. */
        public NavEntry(String label, String path) {
            this(label, path, java.util.Map.of());
        }
    }

    List<NavEntry> navigation();

    /** Opens an asset by file name ({@code [A-Za-z0-9._-]+}); null when there is none. */
    default InputStream asset(String name) {
        return getClass().getResourceAsStream("/ui/" + name);
    }
}
