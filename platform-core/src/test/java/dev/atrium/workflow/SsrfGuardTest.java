package dev.atrium.workflow;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsrfGuardTest {
    private final SsrfGuard guard = new SsrfGuard(Set.of());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1/hook",
                "http://127.1.2.3:8080/",
                "http://[::1]/",
                "http://[::ffff:127.0.0.1]/",
                "http://169.254.169.254/latest/meta-data",
                "http://10.1.2.3/",
                "http://172.16.0.1/",
                "http://192.168.1.1/",
                "http://0.0.0.0/",
                "http://2130706433/",
                "http://0177.0.0.1/",
                "http://0x7f.0.0.1/",
                "http://127.1/",
                "http://100.64.0.1/",
                "http://[fc00::1]/",
                "http://[fe80::1]/",
                "http://localhost:8080/",
                "http://metadata.google.internal/",
                "ftp://example.com/",
                "file:///etc/passwd",
                "http://user:pw@example.com/"
            })
    void refusesInternalTargetsAtSave(String url) {
        assertThrows(SsrfGuard.Refused.class, () -> guard.checkUrl(url), url + " must be refused");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"https://example.com/hook", "http://93.184.216.34/x?y=1", "https://hooks.example.org:8443/a/b"})
    void acceptsPublicTargets(String url) {
        assertDoesNotThrow(() -> guard.checkUrl(url));
    }

    @Test
    void namesResolvingToInternalAddressesAreRefusedAtSend() {
        SsrfGuard.Refused r = assertThrows(
                SsrfGuard.Refused.class, () -> new SsrfGuard(Set.of()).resolve(URI.create("http://localhost/")));
        assertTrue(r.getMessage().contains("internal"), r.getMessage());
    }

    @Test
    void theAllowListOpensExactlyWhatItNames() throws Exception {
        SsrfGuard g = new SsrfGuard(Set.of("127.0.0.1:9999"));
        assertDoesNotThrow(() -> g.checkUrl("http://127.0.0.1:9999/x"));
        assertThrows(SsrfGuard.Refused.class, () -> g.checkUrl("http://127.0.0.1:9998/x"));
        assertTrue(SsrfGuard.internal(InetAddress.getByName("::ffff:10.0.0.1")));
    }

    @Test
    void theServersOwnAddressesAreRefusedEvenWhenPublic() throws Exception {
        InetAddress mine = InetAddress.getByName("203.0.113.7");
        SsrfGuard withPublicAddress = new SsrfGuard(Set.of(), () -> Set.of(mine));
        var literal = assertThrows(
                SsrfGuard.Refused.class, () -> withPublicAddress.checkUrl("http://203.0.113.7:8080/api/v1/health"));
        assertTrue(literal.getMessage().contains("an address of this server"), literal.getMessage());
        assertThrows(SsrfGuard.Refused.class, () -> withPublicAddress.resolve(URI.create("https://203.0.113.7/")));
        assertDoesNotThrow(() -> withPublicAddress.checkUrl("http://203.0.113.8/"), "a neighbour is not this server");
    }

    @Test
    void theRealInterfacesAreRead() {
        Set<InetAddress> own = OwnAddresses.read();
        assertTrue(
                own.stream().anyMatch(InetAddress::isLoopbackAddress),
                "loopback is among this host's addresses: " + own);
    }
}
