package dev.atrium.auth;

import java.util.UUID;

/**
 * Who is making a request, resolved once per request by {@link AuthHandler}.
 *
 * @param admin an administrator of their organisation (tenant): everything inside it
 * @param csrfToken the session's CSRF token; null for API-token requests (which carry no cookie)
 * @param operator a platform operator: also the platform-wide actions that affect every organisation
 *                 (installing, stopping, starting and removing plugins)
 */
public record Principal(
        UUID userId,
        UUID tenantId,
        String email,
        String displayName,
        boolean admin,
        String locale,
        String csrfToken,
        boolean operator) {

    /** Anyone but a platform operator. */
    public Principal(
            UUID userId,
            UUID tenantId,
            String email,
            String displayName,
            boolean admin,
            String locale,
            String csrfToken) {
        this(userId, tenantId, email, displayName, admin, locale, csrfToken, false);
    }
}
