package dev.atrium.tenant;

import java.util.UUID;

/** An organisation using the platform; its data lives in its own PostgreSQL schema. */
public record Tenant(UUID id, String slug, String name, String schema) {}
