package dev.atrium.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Production defaults unless told otherwise: loopback only, Secure session cookies; the demo keeps plain HTTP working.
 */
class AtriumConfigTest {
    @Test
    void serveDefaultsToLoopbackAndSecureCookies() {
        assumeTrue(System.getenv("ATRIUM_HOST") == null && System.getenv("ATRIUM_SECURE_COOKIES") == null);
        AtriumConfig c = AtriumConfig.load();
        assertEquals("127.0.0.1", c.host(), "nothing but this machine reaches a server started without settings");
        assertTrue(c.secureCookies(), "session cookies are Secure outside the demo");
        assertTrue(c.listeningSummary(8080).contains("ATRIUM_HOST=0.0.0.0"), c.listeningSummary(8080));
    }

    @Test
    void theDemoKeepsLoopbackButWorksOverPlainHttp() {
        assumeTrue(System.getenv("ATRIUM_HOST") == null && System.getenv("ATRIUM_SECURE_COOKIES") == null);
        AtriumConfig c = AtriumConfig.load(true);
        assertEquals("127.0.0.1", c.host());
        assertFalse(c.secureCookies());
    }
}
