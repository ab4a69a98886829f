import type { Item } from '@shop/contracts';
import { useCallback } from 'react';
import { listCategories } from '../api/categories';
import { listItems } from '../api/items';
import { AdminNav } from '../components/admin/AdminNav';
import { CreateItemForm } from '../components/admin/CreateItemForm';
import { DeadLetters } from '../components/admin/DeadLetters';
import { RestockForm } from '../components/admin/RestockForm';
import { ErrorMessage } from '../components/ErrorMessage';
import { usePageTitle } from '../hooks/usePageTitle';
import { useResource } from '../hooks/useResource';

const loadItems = () => listItems({ limit: 100 }).then((page) => page.items);

export const AdminPage = () => {
  usePageTitle('Admin');
  const categories = useResource(listCategories);
  const items = useResource(loadItems);
  const setItems = items.setData;
  const reloadCategories = categories.reload;

  const onCreated = useCallback(
    (item: Item) => {
      setItems((current) => [item, ...(current ?? [])]);
      void reloadCategories();
    },
    [setItems, reloadCategories],
  );
  const onAdjusted = useCallback(
    (item: Item) =>
      setItems((current) => (current ?? []).map((entry) => (entry.id === item.id ? item : entry))),
    [setItems],
  );

  return (
    <section className="page">
      <h1>Admin</h1>
      <AdminNav />
      <p className="muted">
        Manage the catalog and watch the saga. Prices are entered in dollars and stored in cents.
      </p>
      <ErrorMessage error={items.error ?? categories.error} />
      <div className="admin-layout">
        <CreateItemForm categories={categories.data ?? []} onCreated={onCreated} />
        <RestockForm items={items.data ?? []} onAdjusted={onAdjusted} />
        <DeadLetters />
      </div>
    </section>
  );
};
