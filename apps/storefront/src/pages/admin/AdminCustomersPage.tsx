import type { AccountSummary } from '@shop/contracts';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { searchAccounts } from '../../api/admin';
import { AdminNav } from '../../components/admin/AdminNav';
import { PagedTable } from '../../components/admin/PagedTable';
import { TextField } from '../../components/Field';
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
  const paged = usePagedList<AccountSummary>(fetchPage);

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
      <PagedTable
        label="Customers"
        columns={['Email', 'Name', 'Role', 'Card', 'Since', '']}
        {...paged}
        loadingText="Searching…"
        emptyText="No account matches."
        row={(account) => (
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
        )}
      />
    </section>
  );
};
