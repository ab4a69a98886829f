/** The "Load more" button under a keyset-paginated list, shown while there is a next page. */
export const LoadMore = ({
  hasMore,
  loading,
  onLoad,
}: {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
}) =>
  hasMore ? (
    <div className="load-more">
      <button type="button" className="button button-secondary" disabled={loading} onClick={onLoad}>
        {loading ? 'Loading…' : 'Load more'}
      </button>
    </div>
  ) : null;
