import type { CardDraft } from '../card';
import { SelectField, TextField } from './Field';

export const EMPTY_CARD: CardDraft = {
  cardNumber: '',
  expMonth: '',
  expYear: '',
  holderName: '',
  cvc: '',
};

const MONTHS = Array.from({ length: 12 }, (_, index) => String(index + 1).padStart(2, '0'));
const thisYear = new Date().getFullYear();
const YEARS = Array.from({ length: 15 }, (_, index) => String(thisYear + index));

type Props = {
  value: CardDraft;
  onChange: (card: CardDraft) => void;
  /** Field errors from the service, keyed like `paymentMethod.cardNumber`. */
  errors: Record<string, string>;
};

export const CardFields = ({ value, onChange, errors }: Props) => {
  const set = (key: keyof CardDraft) => (event: { target: { value: string } }) =>
    onChange({ ...value, [key]: event.target.value });
  const error = (key: keyof CardDraft) => errors[`paymentMethod.${key}`];
  return (
    <fieldset className="fieldset">
      <legend>Card details</legend>
      <TextField
        label="Card number"
        inputMode="numeric"
        autoComplete="cc-number"
        required
        maxLength={23}
        placeholder="4242 4242 4242 4242"
        value={value.cardNumber}
        onChange={set('cardNumber')}
        error={error('cardNumber')}
      />
      <TextField
        label="Name on card"
        autoComplete="cc-name"
        required
        maxLength={100}
        value={value.holderName}
        onChange={set('holderName')}
        error={error('holderName')}
      />
      <div className="field-row field-row-3">
        <SelectField
          label="Expiry month"
          autoComplete="cc-exp-month"
          required
          value={value.expMonth}
          onChange={set('expMonth')}
          error={error('expMonth')}
        >
          <option value="">MM</option>
          {MONTHS.map((month) => (
            <option key={month} value={month}>
              {month}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Expiry year"
          autoComplete="cc-exp-year"
          required
          value={value.expYear}
          onChange={set('expYear')}
          error={error('expYear')}
        >
          <option value="">YYYY</option>
          {YEARS.map((year) => (
            <option key={year} value={year}>
              {year}
            </option>
          ))}
        </SelectField>
        <TextField
          label="CVC"
          inputMode="numeric"
          autoComplete="cc-csc"
          maxLength={4}
          pattern="\d{3,4}"
          value={value.cvc}
          onChange={set('cvc')}
          error={error('cvc')}
        />
      </div>
    </fieldset>
  );
};
