import type { Address } from '@shop/contracts';
import { TextField } from './Field';

export const EMPTY_ADDRESS: Address = { line1: '', city: '', postalCode: '', country: 'US' };

type Props = {
  legend: string;
  value: Address;
  onChange: (address: Address) => void;
  /** Field errors keyed like `shippingAddress.city`. */
  errors?: Record<string, string>;
  prefix?: string;
};

/** Optional parts are left out rather than sent empty: the services refuse unknown shapes. */
export const cleanAddress = (address: Address): Address => {
  const { line2, state, ...required } = address;
  return {
    ...required,
    country: required.country.trim().toUpperCase(),
    ...(line2?.trim() ? { line2: line2.trim() } : {}),
    ...(state?.trim() ? { state: state.trim() } : {}),
  };
};

export const AddressFields = ({
  legend,
  value,
  onChange,
  errors = {},
  prefix = 'shippingAddress',
}: Props) => {
  const set = (key: keyof Address) => (event: { target: { value: string } }) =>
    onChange({ ...value, [key]: event.target.value });
  const error = (key: keyof Address) => errors[`${prefix}.${key}`];
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      <TextField
        label="Address"
        autoComplete="address-line1"
        required
        value={value.line1}
        onChange={set('line1')}
        error={error('line1')}
      />
      <TextField
        label="Apartment, suite (optional)"
        autoComplete="address-line2"
        value={value.line2 ?? ''}
        onChange={set('line2')}
        error={error('line2')}
      />
      <div className="field-row">
        <TextField
          label="City"
          autoComplete="address-level2"
          required
          value={value.city}
          onChange={set('city')}
          error={error('city')}
        />
        <TextField
          label="State (optional)"
          autoComplete="address-level1"
          value={value.state ?? ''}
          onChange={set('state')}
          error={error('state')}
        />
      </div>
      <div className="field-row">
        <TextField
          label="Postal code"
          autoComplete="postal-code"
          required
          value={value.postalCode}
          onChange={set('postalCode')}
          error={error('postalCode')}
        />
        <TextField
          label="Country code"
          autoComplete="country"
          required
          maxLength={2}
          pattern="[A-Za-z]{2}"
          hint="Two letters, e.g. US"
          value={value.country}
          onChange={set('country')}
          error={error('country')}
        />
      </div>
    </fieldset>
  );
};
