import { SelectField } from '../Field';

/** The status a list is narrowed to, or all of them (''), labelled as the badges are. */
export const StatusFilter = <S extends string>({
  statuses,
  value,
  onChange,
}: {
  statuses: Record<S, { label: string }>;
  value: S | '';
  onChange: (status: S | '') => void;
}) => (
  <SelectField
    label="Status"
    value={value}
    onChange={(event) => onChange(event.target.value as S | '')}
  >
    <option value="">All statuses</option>
    {(Object.keys(statuses) as S[]).map((status) => (
      <option key={status} value={status}>
        {statuses[status].label}
      </option>
    ))}
  </SelectField>
);
