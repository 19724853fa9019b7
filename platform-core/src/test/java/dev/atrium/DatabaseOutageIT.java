package dev.atrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.TestPlatform.Api;
import dev.atrium.config.AtriumConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A node whose database goes away and comes back, through a real TCP connection that the test cuts: while
 * it is gone the node is live but not ready (503), every API call answers 503 problem+json with
 * Retry-After at once (no hang, no 500), and when it is back the same node serves again without a
 * restart. Every answer carries a request id, the caller's when it sends a sane one.
 */
class DatabaseOutageIT {
    @Test
    void aNodeAnswers503WhileItsDatabaseIsGoneAndRecoversOnItsOwn() throws Exception {
        Platform first = TestPlatform.get();
        Api admin = TestPlatform.tenantWithAdmin("outage");
        assertEquals(201, admin.deploy(new io.vertx.core.json.JsonObject("""
                        {"entities": [{"name": "thing", "fields": [{"name": "name", "type": "text"}]}]}""")).status());
        URI db = URI.create(first.database().jdbcUrl().substring("jdbc:".length()));
        try (Proxy proxy = new Proxy(db.getPort())) {
            Platform node = Platform.start(new AtriumConfig(
                    "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres",
                    first.database().user(),
                    first.database().password(),
                    Path.of("target", "unused"),
                    "127.0.0.1",
                    0,
                    500,
                    false,
                    1));
            try {
                node.serve();
                Api api = new Api(node.port(), admin.token());
                assertEquals(200, api.get("/api/v1/health/ready").status());
                assertEquals(200, api.get("/api/v1/records/thing").status());

                proxy.cut();
                assertEquals(200, api.get("/api/v1/health/live").status(), "the process still answers");
                var ready = api.get("/api/v1/health/ready");
                assertEquals(503, ready.status(), ready.body());
                assertTrue(ready.json()
                        .getJsonObject("checks")
                        .getString("database")
                        .startsWith("DOWN"));
                for (String path : List.of("/api/v1/records/thing", "/api/v1/users")) {
                    var r = api.get(path);
                    assertEquals(503, r.status(), path + ": " + r.body());
                    assertTrue(r.contentType().startsWith("application/problem+json"));
                    assertEquals("5", r.headers().firstValue("Retry-After").orElse(null));
                    assertTrue(r.json().getString("type").endsWith("/database-unavailable"), r.body());
                    assertNotNull(r.json().getString("requestId"));
                }

                proxy.restore();
                assertEquals(200, api.get("/api/v1/records/thing").status(), "served again, no restart");
                assertEquals(200, api.get("/api/v1/health/ready").status());
                var traced = java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + node.port() + "/api/v1/health/live"))
                                        .header("X-Request-Id", "lb-42")
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.discarding());
                assertEquals(
                        "lb-42", traced.headers().firstValue("X-Request-Id").orElse(null), "the caller's id");
            } finally {
                node.close();
            }
        }
    }

    /** A TCP proxy to the database that can be cut (every connection closed, new ones refused) and restored. */
    static final class Proxy implements AutoCloseable {
        private final int target;
        private final int port;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private volatile ServerSocket server;

        Proxy(int target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.port = server.getLocalPort();
            accept(server);
        }

        int port() {
            return port;
        }

        private void accept(ServerSocket s) {
            Thread.ofVirtual().start(() -> {
                while (!s.isClosed()) {
                    try {
                        Socket in = s.accept();
                        Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                        open.add(in);
                        open.add(out);
                        pump(in, out);
                        pump(out, in);
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private void pump(Socket from, Socket to) {
            Thread.ofVirtual().start(() -> {
                try (InputStream i = from.getInputStream();
                        OutputStream o = to.getOutputStream()) {
                    i.transferTo(o);
                } catch (IOException gone) {
                    // the other side or the test closed it
                }
                close(from);
                close(to);
            });
        }

        void cut() throws IOException {
            server.close();
            for (Socket s : open) close(s);
            open.clear();
        }

        void restore() throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = s;
            accept(s);
        }

        private static void close(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        @Override
        public void close() throws IOException {
            cut();
        }
    }
}
