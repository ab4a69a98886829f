import { useState } from 'react';
import { pictureSrc } from '../pictures';

/**
 * A product picture, or a neutral placeholder when the item has none or it fails to load
 * (a dead link must not leave a broken-image icon in the grid).
 */
export const ProductImage = ({
  url,
  alt,
  className = '',
}: {
  url: string | null | undefined;
  alt: string;
  className?: string;
}) => {
  const src = pictureSrc(url);
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  if (!src || failedSrc === src) {
    return (
      <div
        className={`product-image placeholder ${className}`}
        {...(alt ? { role: 'img', 'aria-label': `${alt} (no picture)` } : { 'aria-hidden': true })}
      >
        <svg viewBox="0 0 24 24" width="48" height="48" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M4 5h16a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1Zm1 2v9.6l4-4 3 3 2-2 4 4V7H5Zm10.5 1.5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3Z"
          />
        </svg>
      </div>
    );
  }
  return (
    <img
      className={`product-image ${className}`}
      src={src}
      alt={alt}
      loading="lazy"
      decoding="async"
      width={800}
      height={600}
      onError={() => setFailedSrc(src)}
    />
  );
};
