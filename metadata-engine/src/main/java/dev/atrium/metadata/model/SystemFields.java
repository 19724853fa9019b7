package dev.atrium.metadata.model;

import java.util.List;
import java.util.Set;

/** Columns every entity table has. The platform sets them; a client may read but never write them. */
public final class SystemFields {
    public static final String ID = "id";
    public static final String OWNER = "owner_id";
    public static final String CREATED_AT = "created_at";
    public static final String CREATED_BY = "created_by";
    public static final String UPDATED_AT = "updated_at";
    public static final String UPDATED_BY = "updated_by";
    public static final String VERSION = "version";
    public static final String DELETED_AT = "deleted_at";

    /** In table order. */
    public static final List<String> ALL =
            List.of(ID, OWNER, CREATED_AT, CREATED_BY, UPDATED_AT, UPDATED_BY, VERSION, DELETED_AT);

    public static final Set<String> NAMES = Set.copyOf(ALL);

    private SystemFields() {}
}
