package dev.atrium.plugin.api;

import java.util.Set;

/**
 * Record access a plugin asks for: operations on one entity. The administrator grants all of a plugin's
 * needs when enabling it; the plugin then reads and writes as its own service principal with exactly
 * those operations, and every change it makes is in the audit trail under its name.
 *
 * @param entity entity API name
 * @param operations any of {@code read}, {@code create}, {@code edit}, {@code delete}
 */
public record AccessNeed(String entity, Set<String> operations) {
    private static final Set<String> KNOWN = Set.of("read", "create", "edit", "delete");

    public AccessNeed {
        operations = Set.copyOf(operations);
        for (String op : operations) {
            if (!KNOWN.contains(op))
                throw new IllegalArgumentException("unknown operation \"" + op + "\" (read, create, edit, delete)");
        }
    }

    public static AccessNeed of(String entity, String... operations) {
        return new AccessNeed(entity, Set.of(operations));
    }
}
