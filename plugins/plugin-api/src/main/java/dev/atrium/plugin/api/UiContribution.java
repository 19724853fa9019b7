package dev.atrium.plugin.api;

import java.io.InputStream;
import java.util.List;

/**
 * Static assets served at {@code /ext/<plugin-id>/<file>} and entries in the app's navigation. Assets are
 * served with the platform's Content-Security-Policy: scripts must be files, never inline.
 */
public interface UiContribution extends AtriumExtension {

    /**
     * @param label what the navigation shows
     * @param path where it leads: an app route ({@code #/...}) or an asset ({@code /ext/<plugin-id>/...})
     */
    record NavEntry(String label, String path) {}

    List<NavEntry> navigation();

    /** Opens an asset by file name ({@code [A-Za-z0-9._-]+}); null when there is none. */
    default InputStream asset(String name) {
        return getClass().getResourceAsStream("/ui/" + name);
    }
}
