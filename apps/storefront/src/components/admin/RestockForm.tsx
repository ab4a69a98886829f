import type { Item } from '@shop/contracts';
import { type FormEvent, useState } from 'react';
import { adjustInventory } from '../../api/items';
import { type FieldErrors, useCheckedSubmit } from '../../hooks/useCheckedSubmit';
import { useAnnounce } from '../Announcer';
import { ErrorMessage } from '../ErrorMessage';
import { SelectField, TextField } from '../Field';

type Props = { items: Item[]; onAdjusted: (item: Item) => void };

/** Field errors of the form, empty when it can be sent. */
const check = (item: Item | undefined, delta: string, reason: string) => {
  const errors: FieldErrors = {};
  if (!item) errors.item = 'Choose an item';
  if (!/^-?\d+$/.test(delta.trim()) || Number(delta) === 0) {
    errors.delta = 'Enter a whole number other than 0';
  }
  if (!reason.trim()) errors.reason = 'Say why, e.g. restock or damaged';
  return errors;
};

/** Restock (positive change) or write off (negative) units of an item. */
export const RestockForm = ({ items, onAdjusted }: Props) => {
  const announce = useAnnounce();
  const [itemId, setItemId] = useState('');
  const [delta, setDelta] = useState('10');
  const [reason, setReason] = useState('restock');
  const { errors, error, busy, submit } = useCheckedSubmit();
  const selected = items.find((item) => item.id === itemId);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await submit(check(selected, delta, reason), async () => {
      if (!selected) return; // check() said so already: "Choose an item"
      const { onHand, reserved, available } = await adjustInventory(
        selected.id,
        Number(delta.trim()),
        reason.trim(),
      );
      const item = { ...selected, inventory: { onHand, reserved, available } };
      onAdjusted(item);
      announce(`${item.name}: ${item.inventory.onHand} on hand`);
    });
  };

  return (
    <form className="card form" onSubmit={onSubmit} noValidate aria-labelledby="restock-title">
      <h2 id="restock-title">Restock</h2>
      <SelectField
        label="Item"
        value={itemId}
        onChange={(event) => setItemId(event.target.value)}
        error={errors.item}
      >
        <option value="">Choose an item…</option>
        {items.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name} ({item.inventory.available} available)
          </option>
        ))}
      </SelectField>
      {selected ? (
        <p className="small" aria-live="polite">
          On hand {selected.inventory.onHand}, reserved {selected.inventory.reserved}, available{' '}
          {selected.inventory.available}.
        </p>
      ) : null}
      <div className="field-row">
        <TextField
          label="Change in units"
          inputMode="numeric"
          value={delta}
          onChange={(event) => setDelta(event.target.value)}
          error={errors.delta}
          hint="Negative to write units off."
        />
        <TextField
          label="Reason"
          maxLength={200}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          error={errors.reason}
        />
      </div>
      <ErrorMessage error={error} />
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Saving…' : 'Adjust stock'}
      </button>
    </form>
  );
};
