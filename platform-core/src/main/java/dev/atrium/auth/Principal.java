package dev.atrium.auth;

import java.util.UUID;

/**
 * Who is making a request, resolved once per request by {@link AuthHandler}.
 *
 * @param csrfToken the session's CSRF token; null for API-token requests (which carry no cookie)
 */
public record Principal(
        UUID userId, UUID tenantId, String email, String displayName, boolean admin, String locale, String csrfToken) {}
