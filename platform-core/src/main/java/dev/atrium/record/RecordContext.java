package dev.atrium.record;

import dev.atrium.access.Access;
import dev.atrium.auth.Principal;
import dev.atrium.metadata.model.MetadataSnapshot;
import dev.atrium.tenant.Tenant;

/**
 * The tenant, the caller, the metadata version and the caller's access one request works with, fixed
 * for the whole request.
 */
public record RecordContext(Tenant tenant, Principal principal, MetadataSnapshot snapshot, Access access) {
}
