package dev.atrium.workflow;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps outbound calls (webhooks, plugin HTTP) away from the platform's own network: loopback,
 * private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unique-local,
 * multicast and unspecified addresses are refused — at save time for addresses written literally, and
 * at send time for every address a name resolves to. The caller then connects to the checked address
 * (pinned), so a DNS answer that changes between check and connect cannot redirect it; redirects are
 * checked again hop by hop. IPv4 literals must be canonical dotted quads (no decimal, octal or hex
 * forms, which other software reads differently). Every address of the host's own network interfaces is
 * refused too, public ones included: a node must not call itself (its own API, a database listening on
 * its public address). {@code allow} lists {@code host} or {@code host:port} entries that are reachable
 * anyway (e.g. an internal ERP).
 */
public final class SsrfGuard {
    private static final Pattern DOTTED_QUAD =
            Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    private static final Pattern NUMERIC_HOST = Pattern.compile("^[0-9a-fA-Fx.]+$");
    private static final Set<String> METADATA_HOSTS =
            Set.of("metadata.google.internal", "metadata", "instance-data", "metadata.azure.com");

    private final Set<String> allow = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.function.Supplier<Set<InetAddress>> ownAddresses;

    /** @param allow hosts or host:port pairs reachable even though internal (ATRIUM_WEBHOOK_ALLOW) */
    public SsrfGuard(Set<String> allow) {
        this(allow, OwnAddresses.cached());
    }

    /** The guard with the hosts listed in {@code ATRIUM_WEBHOOK_ALLOW} (comma separated) reachable. */
    public static SsrfGuard fromEnvironment() {
        String allow = System.getenv("ATRIUM_WEBHOOK_ALLOW");
        return new SsrfGuard(
                allow == null || allow.isBlank()
                        ? Set.of()
                        : Set.of(allow.toLowerCase().split("\\s*,\\s*")));
    }

    /** @param ownAddresses the addresses of this host's interfaces (tests give their own) */
    public SsrfGuard(Set<String> allow, java.util.function.Supplier<Set<InetAddress>> ownAddresses) {
        this.allow.addAll(allow);
        this.ownAddresses = ownAddresses;
    }

    /** Allows one more internal host or host:port (configuration; also how tests reach a local receiver). */
    public void allow(String hostOrHostPort) {
        allow.add(hostOrHostPort.toLowerCase(Locale.ROOT));
    }

    /** Refused because the target is internal; the message says which rule. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Save-time check (no DNS lookup): scheme, literal addresses, metadata names. */
    public void checkUrl(String url) throws Refused {
        URI uri = parse(url);
        String host = host(uri);
        if (allowed(host, port(uri))) return;
        if (METADATA_HOSTS.contains(host) || host.equals("localhost") || host.endsWith(".localhost")) {
            throw new Refused(host + " is an internal name");
        }
        InetAddress literal = literal(host);
        if (literal != null && internal(literal)) throw new Refused(host + " is an internal address");
        if (literal != null && own(literal)) throw new Refused(host + " is an address of this server");
    }

    /** Send-time check: resolves the host and returns the address to connect to. */
    public InetAddress resolve(URI uri) throws Refused {
        String host = host(uri);
        checkUrl(uri.toString());
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused(host + " does not resolve");
        }
        if (allowed(host, port(uri))) return all[0];
        for (InetAddress a : all) {
            if (internal(a)) throw new Refused(host + " resolves to the internal address " + a.getHostAddress());
            if (own(a)) throw new Refused(host + " resolves to " + a.getHostAddress() + ", an address of this server");
        }
        return all[0];
    }

    private boolean own(InetAddress a) {
        return ownAddresses.get().contains(a);
    }

    private boolean allowed(String host, int port) {
        return allow.contains(host) || allow.contains(host + ":" + port);
    }

    public static URI parse(String url) throws Refused {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new Refused("\"" + url + "\" is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https"))
            throw new Refused("only http and https URLs can be called");
        if (uri.getHost() == null) throw new Refused("\"" + url + "\" has no host");
        if (uri.getUserInfo() != null) throw new Refused("URLs with credentials in them are refused");
        return uri;
    }

    static String host(URI uri) {
        String h = uri.getHost().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    public static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** The address a literal host denotes, or null for names; non-canonical IPv4 forms are refused. */
    private static InetAddress literal(String host) throws Refused {
        if (host.contains(":")) {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new Refused(host + " is not a valid address");
            }
        }
        if (NUMERIC_HOST.matcher(host).matches() && !host.matches(".*[g-wyzG-WYZ].*")) {
            if (!DOTTED_QUAD.matcher(host).matches()) {
                throw new Refused(host + " is not a canonical IPv4 address (write a.b.c.d in decimal)");
            }
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new Refused(host + " is not a valid address");
            }
        }
        return null;
    }

    static boolean internal(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
            mapped &= (b[10] == (byte) 0xff && b[11] == (byte) 0xff);
            if (mapped) {
                try {
                    return internal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            if ((b[0] & 0xfe) == 0xfc) return true; // fc00::/7 unique local
        }
        if (a.isAnyLocalAddress()
                || a.isLoopbackAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) return true;
        if (a instanceof Inet4Address) {
            byte[] b = a.getAddress();
            int first = b[0] & 0xff, second = b[1] & 0xff;
            if (first == 0) return true; // 0.0.0.0/8
            if (first == 100 && second >= 64 && second <= 127) return true; // 100.64.0.0/10 CGNAT
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) return true;
            if (first == 198 && (second == 18 || second == 19)) return true; // benchmarking
            if (first >= 240) return true; // reserved, broadcast
        }
        return false;
    }
}
