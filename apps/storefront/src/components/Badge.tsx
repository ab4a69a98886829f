import type { ReactNode } from 'react';
import type { Tone } from '../labels';

export const Badge = ({
  tone,
  children,
  ...rest
}: {
  tone: Tone;
  children: ReactNode;
  'data-testid'?: string;
  'data-status'?: string;
}) => (
  <span className={`badge badge-${tone}`} {...rest}>
    {children}
  </span>
);
