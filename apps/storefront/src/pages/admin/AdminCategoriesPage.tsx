import { listCategories } from '../../api/categories';
import { AdminNav } from '../../components/admin/AdminNav';
import { CategoryRow } from '../../components/admin/CategoryRow';
import { CreateCategoryForm } from '../../components/admin/CreateCategoryForm';
import { ErrorMessage } from '../../components/ErrorMessage';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useResource } from '../../hooks/useResource';

/** The category tree: create, rename and delete categories; counts of items per category. */
export const AdminCategoriesPage = () => {
  usePageTitle('Admin · Categories');
  const categories = useResource(listCategories);
  const reload = () => void categories.reload();
  const tree = categories.data ?? [];

  return (
    <section className="page">
      <h1>Categories</h1>
      <AdminNav />
      <p className="muted">
        Items name their category by its slug, which never changes (a rename changes the name). A
        category with subcategories or items cannot be deleted; “in tree” counts the items of a
        category and all its subcategories.
      </p>
      <div className="admin-layout">
        <CreateCategoryForm categories={tree} onCreated={reload} />
        <div>
          <ErrorMessage error={categories.error} />
          {categories.data && tree.length === 0 ? <p className="card">No categories yet.</p> : null}
          {tree.length > 0 ? (
            <table className="admin-table" aria-label="Categories">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Slug</th>
                  <th>Items</th>
                  <th>In tree</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {tree.map((category) => (
                  // Keyed on the name too: a rename elsewhere resets the row's draft.
                  <CategoryRow
                    key={`${category.slug}:${category.name}`}
                    category={category}
                    onChanged={reload}
                  />
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      </div>
    </section>
  );
};
