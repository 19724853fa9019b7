package dev.atrium.plugins;

/** A jar the host will not load, with the reason a person can act on. Nothing was installed. */
public final class PluginRefused extends Exception {
    public PluginRefused(String message) {
        super(message, null, false, false);
    }
}
