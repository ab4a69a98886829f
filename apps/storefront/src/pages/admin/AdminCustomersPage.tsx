import type { AccountSummary } from '@shop/contracts';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { searchAccounts } from '../../api/admin';
import { AdminNav } from '../../components/admin/AdminNav';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/Field';
import { LoadMore } from '../../components/LoadMore';
import { formatDate } from '../../format';
import { usePagedList } from '../../hooks/usePagedList';
import { usePageTitle } from '../../hooks/usePageTitle';
import { cardLabel } from '../../labels';

/** Accounts by email or name prefix; each links to its orders and payments. */
export const AdminCustomersPage = () => {
  usePageTitle('Admin · Customers');
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const fetchPage = useCallback(
    (cursor?: string) =>
      searchAccounts({ q: q || undefined, cursor }).then((page) => ({
        entries: page.accounts,
        nextCursor: page.nextCursor,
      })),
    [q],
  );
  const { list, loading, error, loadMore } = usePagedList<AccountSummary>(fetchPage);

  return (
    <section className="page">
      <h1>Customers</h1>
      <AdminNav />
      <form
        className="toolbar"
        aria-label="Search accounts"
        onSubmit={(event) => {
          event.preventDefault();
          setQ(input.trim());
        }}
      >
        <TextField
          label="Email or name starts with"
          value={input}
          maxLength={100}
          onChange={(event) => setInput(event.target.value)}
        />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      <ErrorMessage error={error} />
      {list === null && loading ? <p>Searching…</p> : null}
      {list?.entries.length === 0 ? <p className="card">No account matches.</p> : null}
      {list && list.entries.length > 0 ? (
        <table className="admin-table" aria-label="Customers">
          <thead>
            <tr>
              <th>Email</th>
              <th>Name</th>
              <th>Role</th>
              <th>Card</th>
              <th>Since</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.entries.map((account) => (
              <tr key={account.id} data-account-id={account.id}>
                <td>{account.email}</td>
                <td>{account.name}</td>
                <td>{account.role}</td>
                <td>{account.card ? cardLabel(account.card) : '—'}</td>
                <td>{formatDate(account.createdAt)}</td>
                <td className="admin-actions">
                  <Link to={`/admin/orders?userId=${account.id}`}>Orders</Link>
                  <Link to={`/admin/payments?userId=${account.id}`}>Payments</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <LoadMore hasMore={Boolean(list?.nextCursor)} loading={loading} onLoad={loadMore} />
    </section>
  );
};
