/** The shop's mark (a shopping bag), decorative next to the visible name. */
export const Logo = () => (
  <svg
    className="logo"
    viewBox="0 0 32 32"
    width="28"
    height="28"
    aria-hidden="true"
    focusable="false"
  >
    <rect x="4" y="9" width="24" height="20" rx="4" fill="currentColor" />
    <path
      d="M11 12V8a5 5 0 0 1 10 0v4"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.5"
      strokeLinecap="round"
    />
    <circle cx="11" cy="14" r="1.6" fill="#fff" />
    <circle cx="21" cy="14" r="1.6" fill="#fff" />
  </svg>
);
