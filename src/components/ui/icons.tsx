import * as React from 'react';

/*
 * Paths from @twilio-paste/icons (MIT). Paste's icon components render through Paste's Box, which brings the
 * whole theme engine along; these are decorative, so the bare SVG is all that is needed.
 */
const PATHS = {
  pause:
    'M8.143 4C8.616 4 9 4.488 9 5.09v9.82c0 .602-.384 1.09-.857 1.09H6.857C6.384 16 6 15.512 6 14.91V5.09C6 4.489 6.384 4 6.857 4h1.286zm5 0c.473 0 .857.488.857 1.09v9.82c0 .602-.384 1.09-.857 1.09h-1.286c-.473 0-.857-.488-.857-1.09V5.09c0-.602.384-1.09.857-1.09h1.286z',
  warning:
    'M17.798 14.791L11.316 3.744c-.582-.992-2.05-.992-2.632 0L2.202 14.79C1.625 15.776 2.354 17 3.518 17h12.964c1.164 0 1.893-1.224 1.316-2.209zM9.99 8h.02c.611.007 1.073.592.978 1.244l-.428 2.238c-.04.296-.278.518-.557.518h-.006c-.279 0-.516-.222-.557-.518l-.428-2.238C8.917 8.592 9.386 8 9.99 8zm.01 7a1 1 0 100-2 1 1 0 000 2z',
  error:
    'M11.247 2.517l6.236 6.236a1.764 1.764 0 010 2.494l-6.236 6.236a1.764 1.764 0 01-2.494 0l-6.236-6.236a1.764 1.764 0 010-2.494l6.236-6.236a1.764 1.764 0 012.494 0zM10 12a1 1 0 100 2 1 1 0 000-2zm.01-5h-.02c-.604 0-1.073.592-.978 1.244l.428 2.238c.04.296.278.518.557.518h.006c.279 0 .516-.222.557-.518l.428-2.238c.095-.652-.367-1.237-.978-1.244z',
} as const;

export type IconName = keyof typeof PATHS;

/** Always decorative: every place that shows an icon also says the same thing in words. */
function IconImpl({ name, element }: { name: IconName; element: string }): React.ReactElement {
  return (
    <svg
      className="lp-icon"
      viewBox="0 0 20 20"
      aria-hidden="true"
      focusable="false"
      data-paste-element={element}
      data-icon={name}
    >
      <path d={PATHS[name]} />
    </svg>
  );
}

/** Memoised: the badge re-renders every tick, its icon only when the look changes. */
export const Icon = React.memo(IconImpl);
