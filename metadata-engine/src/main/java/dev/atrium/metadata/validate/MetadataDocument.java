package dev.atrium.metadata.validate;

import tools.jackson.databind.JsonNode;

/**
 * A metadata document as received: its name (file name or request position) and its JSON.
 */
public record MetadataDocument(String name, JsonNode json) {}
