package dev.atrium.plugin.api;

import java.util.List;

/**
 * A function JavaScript rules can call as {@code plugins.<id>(...)} (the id with {@code -} read as
 * {@code _}). Arguments and the result are JSON values (String, Number, Boolean, List, Map or null);
 * strings longer than 64 KiB are refused at the boundary.
 *
 * <p>Called synchronously from inside a rule on the write path: keep it pure and fast (no I/O). Only
 * rules of tenants that enabled the plugin can call it. Throw {@link PluginException} for arguments you
 * refuse: its message reaches the rule's author. Any other exception is a failure of the plugin: the
 * rule fails with the plugin named and a reference, the details go to the server log and the plugin
 * manager, and failures in a row suspend the plugin for that tenant.
 */
public interface ScriptFunction extends AtriumExtension {

    /** Function name for rules: lower case letters, digits and {@code _}. */
    @Override
    String id();

    Object call(List<Object> arguments);
}
