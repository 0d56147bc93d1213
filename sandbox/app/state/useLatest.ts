import { useRef, type MutableRefObject } from 'react';

/**
 * The value of the latest render, for callbacks that outlive the render they were made in (an action's answer
 * arrives after later pushes; it must judge them, not the state of the click).
 */
export function useLatest<T>(value: T): MutableRefObject<T> {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
