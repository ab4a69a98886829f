import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.util.concurrent.CountDownLatch;

/**
 * Runs mongo-java-server with its on-disk H2 (MVStore) backend as the MongoDB-wire engine of
 * native development and CI. Usage: MongoWireServer <data-file> <host> <port>.
 * FerretDB v1 was tried first and failed the guarded-decrement atomicity proof (infra/README.md).
 */
public final class MongoWireServer {
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: MongoWireServer <data-file> <host> <port>");
      System.exit(2);
    }
    H2Backend backend = new H2Backend(args[0]);
    MongoServer server = new MongoServer(backend);
    server.bind(args[1], Integer.parseInt(args[2]));
    System.out.println("mongo-java-server listening on " + server.getLocalAddress());

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown(); // closes the backend, which commits and closes the MVStore file
      stopped.countDown();
    }));
    stopped.await();
  }
}
