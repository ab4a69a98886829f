import { type FormEvent, useState } from 'react';
import { type Category, deleteCategory, renameCategory } from '../../api/categories';
import { useAnnounce } from '../Announcer';
import { ErrorMessage } from '../ErrorMessage';

/**
 * One category of the back office's tree: rename it (the slug stays), or delete it, which the
 * service refuses (409, shown here) while it has subcategories or items.
 */
export const CategoryRow = ({
  category,
  onChanged,
}: {
  category: Category;
  onChanged: () => void;
}) => {
  const announce = useAnnounce();
  const [name, setName] = useState(category.name);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const act = async (action: () => Promise<unknown>, done: string) => {
    setError(null);
    setBusy(true);
    try {
      await action();
      announce(done);
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const onRename = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!name.trim()) return setError('Enter a name');
    void act(() => renameCategory(category.slug, name.trim()), `Renamed to ${name.trim()}`);
  };

  return (
    <tr data-category={category.slug}>
      <td style={{ paddingLeft: `${0.75 + category.depth * 1.25}rem` }}>
        <form
          className="category-rename"
          onSubmit={onRename}
          aria-label={`Rename ${category.slug}`}
        >
          <input
            aria-label={`Name of ${category.slug}`}
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="button button-secondary" disabled={busy}>
            Rename
          </button>
        </form>
        <ErrorMessage error={error} />
      </td>
      <td>
        <code>{category.slug}</code>
      </td>
      <td>{category.count}</td>
      <td>{category.total}</td>
      <td>
        <button
          type="button"
          className="button button-danger"
          disabled={busy}
          onClick={() => void act(() => deleteCategory(category.slug), `Deleted ${category.slug}`)}
        >
          Delete
        </button>
      </td>
    </tr>
  );
};
