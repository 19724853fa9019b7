import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The floor under the read benchmark: the least an HTTP service on the same libraries can do for a read by
 * id on this machine. Vert.x with the same transport and PostgreSQL client settings as Atrium, one prepared
 * query, the row as JSON; no authentication, access, metadata, audit or virtual thread. Run by
 * bench/run.sh with the platform's jar on the class path (Java runs a single source file directly):
 *
 * <pre>java -cp atrium.jar bench/Floor.java http-port pg-port pg-password</pre>
 */
public final class Floor {
    public static void main(String[] args) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        var pg = new PgConnectOptions()
                .setHost("127.0.0.1")
                .setPort(Integer.parseInt(args[1]))
                .setDatabase("postgres")
                .setUser("postgres")
                .setPassword(args[2])
                .setCachePreparedStatements(true)
                .setPipeliningLimit(256);
        var pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(16)).connectingTo(pg).using(vertx).build();
        String sql = "SELECT \"id\", \"owner_id\", \"created_at\", \"created_by\", \"updated_at\", \"updated_by\", "
                + "\"version\", \"deleted_at\", \"name\", \"amount\", \"amount__currency\", \"stage\", \"close_date\", "
                + "\"probability\", \"owner\", \"account_name\", \"email\", \"notes\" FROM t_bench.deal "
                + "WHERE \"id\" = $1 AND \"deleted_at\" IS NULL";
        vertx.createHttpServer()
                .requestHandler(req -> {
                    UUID id = UUID.fromString(req.path().substring(req.path().lastIndexOf('/') + 1));
                    pool.preparedQuery(sql).execute(Tuple.of(id)).onComplete(ar -> {
                        if (ar.failed() || ar.result().size() == 0) {
                            req.response().setStatusCode(ar.failed() ? 500 : 404).end();
                            return;
                        }
                        Row r = ar.result().iterator().next();
                        JsonObject o = r.toJson();
                        req.response()
                                .putHeader("Content-Type", "application/json")
                                .putHeader("ETag", "\"" + r.getInteger("version") + "\"")
                                .end(o.toBuffer());
                    });
                })
                .listen(Integer.parseInt(args[0]))
                .await();
        System.out.println("floor listening on " + args[0] + " (" + (vertx.isNativeTransportEnabled() ? "epoll" : "nio")
                + ")");
    }
}
