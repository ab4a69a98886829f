import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.KeyConstraintError;
import java.util.List;
import org.h2.mvstore.MVStore;
import java.util.concurrent.CountDownLatch;

/**
 * Runs mongo-java-server with its on-disk H2 (MVStore) backend as the MongoDB-wire engine of
 * native development and CI. Usage: MongoWireServer <data-file> <host> <port>.
 * FerretDB v1 was tried first and failed the guarded-decrement atomicity proof (infra/README.md).
 *
 * <p>One change to the engine: mongo-java-server uses the `_id` index only for a query on `_id`
 * alone, so a guarded update such as `{_id: X, status: "HELD"}` scanned the whole collection
 * while holding its lock, and every such update got slower as the collection grew (the top hot
 * spot of `make bench`, docs/performance.md). Here the `_id` index also answers queries that
 * name `_id` among other conditions, as MongoDB's planner does: it yields the candidate
 * documents for that `_id` and the full query is still matched against each of them.
 */
public final class MongoWireServer {
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: MongoWireServer <data-file> <host> <port>");
      System.exit(2);
    }
    H2Backend backend = new IdLookupH2Backend(args[0]);
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

  /**
   * MVStore's page cache holds documents already deserialised; its default (16 MB) is smaller
   * than a few benchmark runs' data, and every miss is a Java deserialisation. Sized with the heap
   * in infra/native/mongo.sh.
   */
  private static final int CACHE_MB = 384;

  /** H2Backend whose databases open `_id` indexes as {@link IdLookupIndex}. */
  static final class IdLookupH2Backend extends H2Backend {
    IdLookupH2Backend(String file) {
      super(new MVStore.Builder().fileName(file).cacheSize(CACHE_MB).open());
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
      return new H2Database(databaseName, getMvStore(), getCursorRegistry()) {
        @Override
        protected Index<Object> openOrCreateUniqueIndex(
            String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
          Index<Object> index = super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
          boolean idIndex = keys.size() == 1 && keys.get(0).getKey().equals("_id");
          return idIndex ? new IdLookupIndex(index, indexName, keys, sparse) : index;
        }
      };
    }
  }

  /**
   * The `_id` index, which also takes queries naming `_id` beside other fields: it answers with
   * the positions of `{_id: <the queried value>}` (a superset of the matches, which the
   * collection then filters with the whole query). Everything else is the wrapped index's.
   */
  static final class IdLookupIndex extends Index<Object> {
    private final Index<Object> ids;

    IdLookupIndex(Index<Object> ids, String name, List<IndexKey> keys, boolean sparse) {
      super(name, keys, sparse);
      this.ids = ids;
    }

    private static Document idPartOf(Document query) {
      return query.containsKey("_id") ? new Document("_id", query.get("_id")) : query;
    }

    @Override
    public boolean canHandle(Document query) {
      return ids.canHandle(idPartOf(query));
    }

    @Override
    public Iterable<Object> getPositions(Document query) {
      return ids.getPositions(idPartOf(query));
    }

    @Override
    public Object getPosition(Document document) {
      return ids.getPosition(document);
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
      ids.checkAdd(document, collection);
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
      ids.add(document, position, collection);
    }

    @Override
    public Object remove(Document document) {
      return ids.remove(document);
    }

    @Override
    public long getCount() {
      return ids.getCount();
    }

    @Override
    public long getDataSize() {
      return ids.getDataSize();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
      ids.checkUpdate(oldDocument, newDocument, collection);
    }

    @Override
    public void updateInPlace(
        Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection)
        throws KeyConstraintError {
      ids.updateInPlace(oldDocument, newDocument, position, collection);
    }

    @Override
    public boolean isUnique() {
      return ids.isUnique();
    }

    @Override
    public void drop() {
      ids.drop();
    }
  }
}
