import type { Item } from '@shop/contracts';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import type { Category } from '../../api/categories';
import { createItem } from '../../api/items';
import { type FieldErrors, useCheckedSubmit } from '../../hooks/useCheckedSubmit';
import { parseMoneyInput } from '../../money';
import { DEMO_PICTURES } from '../../pictures';
import { generateUpcA, isValidUpc } from '../../upc';
import { useAnnounce } from '../Announcer';
import { ErrorMessage } from '../ErrorMessage';
import { SelectField, TextField } from '../Field';
import { CATEGORY_SLUG } from './CreateCategoryForm';

const EMPTY = {
  upc: '',
  name: '',
  description: '',
  price: '',
  category: '',
  picture: '',
  stock: '0',
};
type Draft = typeof EMPTY;

/** Client-side checks with the services' rules; the service checks again. */
const check = (draft: Draft) => {
  const errors: FieldErrors = {};
  if (!isValidUpc(draft.upc))
    errors.upc = 'Enter 12 or 13 digits with a valid check digit, or generate one';
  if (!draft.name.trim()) errors.name = 'Enter a name';
  const price = parseMoneyInput(draft.price);
  if (!price.ok) errors.unitPrice = price.error;
  if (!CATEGORY_SLUG.test(draft.category))
    errors.category = 'Use the slug of a category, such as home-audio';
  if (draft.picture && !/^https?:\/\//.test(draft.picture))
    errors['pictures.0'] = 'Use an http(s) URL';
  const stock = Number(draft.stock);
  if (!/^\d+$/.test(draft.stock) || stock > 1_000_000)
    errors.initialStock = 'Enter a whole number from 0 to 1,000,000';
  return { errors, unitPrice: price.ok ? price.minor : 0, initialStock: stock };
};

export const CreateItemForm = ({
  categories,
  onCreated,
}: {
  categories: Category[];
  onCreated: (item: Item) => void;
}) => {
  const announce = useAnnounce();
  const listId = useId();
  const descriptionId = useId();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [created, setCreated] = useState<Item | null>(null);
  const { errors, error, busy, submit } = useCheckedSubmit();
  const set = (key: keyof Draft) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [key]: event.target.value }));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCreated(null);
    const checked = check(draft);
    await submit(checked.errors, async () => {
      const item = await createItem({
        upc: draft.upc,
        name: draft.name.trim(),
        description: draft.description.trim(),
        unitPrice: checked.unitPrice,
        currency: 'USD',
        pictures: draft.picture ? [draft.picture] : [],
        category: draft.category,
        attributes: {},
        initialStock: checked.initialStock,
      });
      setCreated(item);
      setDraft(EMPTY);
      announce(`${item.name} created`);
      onCreated(item);
    });
  };

  return (
    <form className="card form" onSubmit={onSubmit} noValidate aria-labelledby="create-title">
      <h2 id="create-title">Create an item</h2>
      <div className="field-with-action">
        <TextField
          label="UPC"
          inputMode="numeric"
          maxLength={13}
          required
          value={draft.upc}
          onChange={set('upc')}
          error={errors.upc}
          hint="12-digit UPC-A or 13-digit EAN-13."
        />
        <button
          type="button"
          className="button button-secondary"
          onClick={() => setDraft((current) => ({ ...current, upc: generateUpcA() }))}
        >
          Generate
        </button>
      </div>
      <TextField
        label="Name"
        required
        maxLength={200}
        value={draft.name}
        onChange={set('name')}
        error={errors.name}
      />
      <div className="field">
        <label htmlFor={descriptionId}>Description</label>
        <textarea
          id={descriptionId}
          rows={3}
          maxLength={5000}
          value={draft.description}
          onChange={set('description')}
        />
      </div>
      <div className="field-row">
        <TextField
          label="Price (USD)"
          inputMode="decimal"
          required
          placeholder="12.34"
          value={draft.price}
          onChange={set('price')}
          error={errors.unitPrice}
        />
        <TextField
          label="Initial stock"
          type="number"
          inputMode="numeric"
          min={0}
          max={1_000_000}
          value={draft.stock}
          onChange={set('stock')}
          error={errors.initialStock}
        />
      </div>
      <TextField
        label="Category"
        required
        list={listId}
        value={draft.category}
        onChange={set('category')}
        error={errors.category}
        hint="The slug of an existing category (Categories in the back office)."
      />
      <datalist id={listId}>
        {categories.map((category) => (
          <option key={category.slug} value={category.slug}>
            {category.name}
          </option>
        ))}
      </datalist>
      <SelectField
        label="Demo picture"
        value=""
        onChange={(event) => {
          const name = event.target.value;
          if (name)
            setDraft((current) => ({
              ...current,
              picture: `${window.location.origin}/images/products/${name}.svg`,
            }));
        }}
      >
        <option value="">Choose one to fill the URL…</option>
        {DEMO_PICTURES.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Picture URL (optional)"
        type="url"
        value={draft.picture}
        onChange={set('picture')}
        error={errors['pictures.0']}
      />
      <ErrorMessage error={error} />
      {created ? (
        <p className="alert alert-success">
          Created <Link to={`/items/${created.id}`}>{created.name}</Link>.
        </p>
      ) : null}
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Creating…' : 'Create item'}
      </button>
    </form>
  );
};
