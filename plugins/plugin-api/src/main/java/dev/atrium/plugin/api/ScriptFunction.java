package dev.atrium.plugin.api;

import java.util.List;

/**
 * A function JavaScript rules can call as {@code plugins.<id>(...)} (the id with {@code -} read as
 * {@code _}). Arguments and the result are JSON values (String, Number, Boolean, List, Map or null);
 * strings longer than 64 KiB are refused at the boundary.
 *
 * <p>Called synchronously from inside a rule on the write path: keep it pure and fast (no I/O). An
 * exception becomes a rule error naming the plugin and the function.
 */
public interface ScriptFunction extends AtriumExtension {

    /** Function name for rules: lower case letters, digits and {@code _}. */
    @Override
    String id();

    Object call(List<Object> arguments);
}
