// The product mark: a small three-layer network, drawn like the app icons (scripts/make-icons.mjs).
export function Logo(props: { class?: string }) {
  return (
    <svg class={props.class} viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="var(--brand-bg)" />
      <g stroke="var(--brand-fg)" stroke-width="1.6" stroke-linecap="round" opacity="0.75">
        <path d="M9 11 16 9M9 11 16 16M9 11 16 23M9 21 16 9M9 21 16 16M9 21 16 23M16 9 23 16M16 16 23 16M16 23 23 16" />
      </g>
      <g fill="var(--brand-fg)">
        <circle cx="9" cy="11" r="2.6" />
        <circle cx="9" cy="21" r="2.6" />
        <circle cx="16" cy="9" r="2.6" />
        <circle cx="16" cy="16" r="2.6" />
        <circle cx="16" cy="23" r="2.6" />
        <circle cx="23" cy="16" r="3.2" fill="var(--brand-accent)" />
      </g>
    </svg>
  );
}
