package dev.atrium.auth;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The fixed ids of the actors that are not users: the platform's workflows and rules, and each plugin's
 * service principal (a name-based UUID of its id, the same on every node and after every restart).
 */
public final class ServicePrincipals {
    /** Workflows, after-commit rules, approvals: the platform acting on its own. */
    public static final UUID WORKFLOW = UUID.fromString("00000000-0000-0000-0000-00000000f10f");

    /** Package operations run from the command line or for an operator (installing sample data, access). */
    public static final UUID PACKAGES = UUID.fromString("00000000-0000-0000-0000-0000000000a9");

    /** Restoring an organisation from its archive. */
    public static final UUID RESTORE = UUID.fromString("00000000-0000-0000-0000-0000000000a7");

    /** An administrative command run on the server (e.g. exporting an organisation). */
    public static final UUID COMMAND_LINE = UUID.fromString("00000000-0000-0000-0000-0000000000a8");

    private ServicePrincipals() {}

    /** The principal a plugin acts as (its changes are audited under this id). */
    public static UUID plugin(String pluginId) {
        return UUID.nameUUIDFromBytes(("atrium-plugin:" + pluginId).getBytes(StandardCharsets.UTF_8));
    }
}
