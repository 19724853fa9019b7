package dev.atrium.record;

import dev.atrium.metadata.model.FieldDef;
import dev.atrium.metadata.types.Link;
import java.util.List;
import java.util.Map;

/**
 * A request body converted to column values (by column name, in field order) and many-to-many links
 * (by field), ready to bind.
 */
record DecodedRecord(Map<String, Object> columns, Map<FieldDef, List<Link>> links) {}
