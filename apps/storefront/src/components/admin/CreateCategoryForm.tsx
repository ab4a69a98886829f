import { type FormEvent, useState } from 'react';
import { type Category, createCategory } from '../../api/categories';
import { type FieldErrors, useCheckedSubmit } from '../../hooks/useCheckedSubmit';
import { useAnnounce } from '../Announcer';
import { ErrorMessage } from '../ErrorMessage';
import { SelectField, TextField } from '../Field';

/** The service's slug rule (it checks again): what items name their category by. */
export const CATEGORY_SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const EMPTY = { slug: '', name: '', parent: '' };

const check = (draft: typeof EMPTY) => {
  const errors: FieldErrors = {};
  if (!CATEGORY_SLUG.test(draft.slug))
    errors.slug = 'Use 1 to 64 lower-case letters, digits and dashes, such as home-audio';
  if (!draft.name.trim()) errors.name = 'Enter a name';
  return errors;
};

/** A new category, as a root or under an existing one. */
export const CreateCategoryForm = ({
  categories,
  onCreated,
}: {
  categories: Category[];
  onCreated: () => void;
}) => {
  const announce = useAnnounce();
  const [draft, setDraft] = useState(EMPTY);
  const { errors, error, busy, submit } = useCheckedSubmit();
  const set = (key: keyof typeof EMPTY) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [key]: event.target.value }));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await submit(check(draft), async () => {
      const created = await createCategory({
        slug: draft.slug,
        name: draft.name.trim(),
        ...(draft.parent ? { parent: draft.parent } : {}),
      });
      setDraft(EMPTY);
      announce(`Category ${created.name} created`);
      onCreated();
    });
  };

  return (
    <form className="card form" onSubmit={onSubmit} noValidate aria-labelledby="category-title">
      <h2 id="category-title">Create a category</h2>
      <div className="field-row">
        <TextField
          label="Slug"
          required
          maxLength={64}
          value={draft.slug}
          onChange={set('slug')}
          error={errors.slug}
        />
        <TextField
          label="Name"
          required
          maxLength={100}
          value={draft.name}
          onChange={set('name')}
          error={errors.name}
        />
      </div>
      <SelectField
        label="Parent"
        value={draft.parent}
        onChange={set('parent')}
        error={errors.parent}
      >
        <option value="">None (a top-level category)</option>
        {categories.map((category) => (
          <option key={category.slug} value={category.slug}>
            {`${'\u00a0\u00a0'.repeat(category.depth)}${category.name}`}
          </option>
        ))}
      </SelectField>
      <ErrorMessage error={error} />
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Creating…' : 'Create category'}
      </button>
    </form>
  );
};
