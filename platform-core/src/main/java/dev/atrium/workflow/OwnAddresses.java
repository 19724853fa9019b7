package dev.atrium.workflow;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/** The addresses of this host's network interfaces, read again at most once a minute (interfaces change). */
final class OwnAddresses {
    private static final long REFRESH_NANOS = 60_000_000_000L;

    private OwnAddresses() {}

    static Supplier<Set<InetAddress>> cached() {
        Object[] state = {Set.of(), 0L};
        return () -> {
            synchronized (state) {
                long now = System.nanoTime();
                if ((long) state[1] == 0L || now - (long) state[1] > REFRESH_NANOS) {
                    state[0] = read();
                    state[1] = now;
                }
                @SuppressWarnings("unchecked")
                Set<InetAddress> s = (Set<InetAddress>) state[0];
                return s;
            }
        };
    }

    static Set<InetAddress> read() {
        Set<InetAddress> out = new HashSet<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                out.addAll(Collections.list(ni.getInetAddresses()));
            }
        } catch (SocketException e) {
            // no interfaces to read: the other rules still apply
        }
        return Set.copyOf(out);
    }
}
