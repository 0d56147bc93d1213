import * as React from 'react';

let counter = 0;

/** React 17 has no useId; a per-mount counter is enough for client-only rendering. */
export function useId(prefix: string): string {
  const [id] = React.useState(() => `${prefix}-${++counter}`);
  return id;
}
