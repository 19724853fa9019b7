package dev.atrium.metadata.types;

import java.util.Map;
import java.util.UUID;

/**
 * One many-to-many link as written by a client.
 *
 * @param target id of the linked record
 * @param attributes column values of the link's own fields, by column name
 */
public record Link(UUID target, Map<String, Object> attributes) {}
