/**
 * Where keyboard focus goes after an action removed the control that had it. Leave removes the task (and
 * its button), Pause swaps the task's buttons for the paused notice, Resume ends the paused task: left
 * alone, focus drops to the page body and a keyboard or screen reader user starts over from the top.
 * Callers (the Flex adapters, the sandbox) name the places in order of preference — the next task, the
 * paused item, a status message — and the first one present takes focus.
 */
export type FocusTarget = HTMLElement | null | undefined | (() => HTMLElement | null | undefined);
export type FocusTargets = readonly FocusTarget[] | (() => readonly FocusTarget[]);

function resolve(target: FocusTarget): HTMLElement | null | undefined {
  return typeof target === 'function' ? target() : target;
}

/** Focus is lost when it sits on the body (or nowhere), or on an element that left the page. */
export function focusIsLost(doc: Document = document, previous?: Element | null): boolean {
  const active = doc.activeElement;
  if (!active || active === doc.body || !active.isConnected) return true;
  return previous !== undefined && active === previous;
}

/** Focuses the first target that is on the page and enabled; returns it, or undefined when none was. */
export function moveFocus(targets: FocusTargets | undefined): HTMLElement | undefined {
  const list = typeof targets === 'function' ? targets() : (targets ?? []);
  for (const target of list) {
    const element = resolve(target);
    if (!element || !element.isConnected || (element as HTMLButtonElement).disabled) continue;
    element.focus();
    if (element.ownerDocument.activeElement === element) return element;
  }
  return undefined;
}
